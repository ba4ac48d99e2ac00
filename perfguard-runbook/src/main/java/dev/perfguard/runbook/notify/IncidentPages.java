package dev.perfguard.runbook.notify;

import java.net.URI;
import java.util.Locale;
import java.util.Objects;

/**
 * Where perfguard's web pages are, as people outside reach them ({@code server.public_url}), so the notifications
 * can link to an incident's page: {@code <publicUrl>/incidents/<id>}. A trailing slash of the URL is dropped.
 */
public record IncidentPages(URI publicUrl) {

    public IncidentPages {
        Objects.requireNonNull(publicUrl, "publicUrl");
        String scheme = publicUrl.getScheme() == null ? "" : publicUrl.getScheme().toLowerCase(Locale.ROOT);
        if (!publicUrl.isAbsolute() || !(scheme.equals("http") || scheme.equals("https")) || publicUrl.getHost() == null
                || publicUrl.getRawUserInfo() != null || publicUrl.getRawQuery() != null || publicUrl.getRawFragment() != null) {
            throw new IllegalArgumentException("server.public_url must be an absolute http(s) URL with a host and no user "
                    + "info, query or fragment, was " + publicUrl);
        }
        String s = publicUrl.toString();
        while (s.endsWith("/")) {
            s = s.substring(0, s.length() - 1);
        }
        publicUrl = URI.create(s);
    }

    /** The page of incident {@code incidentId} (an id as {@link MessageIds} allows: nothing to escape). */
    public URI of(String incidentId) {
        MessageIds.require(incidentId);
        return URI.create(publicUrl + "/incidents/" + incidentId);
    }
}
