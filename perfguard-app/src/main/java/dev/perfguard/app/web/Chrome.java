package dev.perfguard.app.web;

import java.util.Optional;

/** What every page's frame needs: its title, who is signed in, which section it belongs to, a notice. */
record Chrome(String title, Optional<Viewer> viewer, String section, Optional<Notice> notice) {
    record Notice(boolean error, String text) {}

    static Chrome of(String title, Viewer viewer, String section) {
        return new Chrome(title, Optional.of(viewer), section, Optional.empty());
    }

    Chrome withNotice(boolean error, String text) {
        return new Chrome(title, viewer, section, Optional.of(new Notice(error, text)));
    }
}
