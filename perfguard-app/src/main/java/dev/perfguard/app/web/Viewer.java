package dev.perfguard.app.web;

import dev.perfguard.runbook.incident.Role;
import java.util.Optional;

/**
 * Who is looking at a page: signed in through a session (with its CSRF token for the forms) or by a bearer
 * token (a script; no forms are posted with it, so no CSRF token).
 */
record Viewer(String name, Role role, Optional<String> csrf) {
    /** Whether the page shows the action forms (responders and admins). */
    boolean acts() {
        return role.includes(Role.RESPONDER);
    }

    boolean admin() {
        return role.includes(Role.ADMIN);
    }

    String csrfToken() {
        return csrf.orElse("");
    }
}
