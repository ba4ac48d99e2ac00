package dev.perfguard.app.web;

import gg.jte.html.HtmlTemplateOutput;
import gg.jte.html.OwaspHtmlTemplateOutput;
import gg.jte.output.StringOutput;
import java.util.function.Consumer;

/** Renders a precompiled template (its generated class's static {@code render}) to a string, escaping as HTML. */
final class Html {
    private Html() {}

    static String render(Consumer<HtmlTemplateOutput> template) {
        StringOutput out = new StringOutput(16 * 1024);
        template.accept(new OwaspHtmlTemplateOutput(out));
        return out.toString();
    }
}
