package dev.perfguard.app.web;

import dev.perfguard.core.incident.IncidentState;
import java.util.List;
import java.util.Optional;

/** The incident list page: one page of rows, the filters in force and the links to the pages around it. */
record IncidentList(Chrome chrome, List<Row> rows, Optional<IncidentState> state, Optional<String> service,
        List<String> services, long total, int page, int pages, Optional<String> previous, Optional<String> next) {

    record Row(String id, String state, String age, Severity severity, String squad, String service, List<Change> changes) {}

    record Change(String metric, String text) {}

    static List<String> states() {
        return java.util.Arrays.stream(IncidentState.values()).map(IncidentState::wireName).toList();
    }
}
