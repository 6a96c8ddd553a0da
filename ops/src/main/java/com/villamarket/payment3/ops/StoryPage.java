package com.villamarket.payment3.ops;

import com.villamarket.payment3.common.html.Html;
import java.util.List;

/**
 * A story as an HTML page (the local stack's {@code GET /_local/orders/{id}}): the verdict first, in the
 * colour and with the word of its severity, then the events with the shop's time and UTC. Every value
 * from the tables is escaped.
 */
public final class StoryPage {

    private StoryPage() {
    }

    public static String render(Story story) {
        StringBuilder page = Pages.start(StoryText.title(story));
        page.append(Pages.localNavigation());
        Verdict verdict = story.verdict();
        page.append("<div class=\"verdict ").append(verdict.severity().cssClass()).append("\" id=\"verdict\" data-kind=\"")
                .append(verdict.kind().name()).append("\">").append(Pages.badge(verdict.severity()))
                .append(" <strong>Verdict:</strong> ").append(Html.escape(verdict.text()));
        if (!verdict.actions().isEmpty()) {
            page.append("\n<ul>\n");
            verdict.actions().forEach(a -> page.append("<li>").append(Html.escape(a)).append("</li>\n"));
            page.append("</ul>");
        }
        page.append("</div>\n<table>\n").append(Pages.headerRow(List.of("time (" + Pages.SHOP_ZONE.getId() + " / UTC)",
                "source", "what")));
        for (StoryEvent e : story.events()) {
            page.append("<tr>").append(Pages.timeCell(e.at())).append(Pages.cell(e.source())).append("<td>")
                    .append(Html.escape(e.text()));
            if (e.replay() != null) {
                page.append("<br>replay: <code>").append(Html.escape(e.replay())).append("</code>");
            }
            page.append("</td></tr>\n");
        }
        if (story.events().isEmpty()) {
            page.append("<tr><td colspan=\"3\">(no event)</td></tr>\n");
        }
        page.append("</table>\n");
        if (!story.notes().isEmpty()) {
            page.append("<h2>Notes</h2>\n<ul>\n");
            story.notes().forEach(n -> page.append("<li>").append(Html.escape(n)).append("</li>\n"));
            page.append("</ul>\n");
        }
        page.append("<p class=\"utc\">told at ").append(Html.escape(Times.both(story.toldAt(), Pages.SHOP_ZONE)))
                .append("</p>\n");
        return Pages.end(page);
    }
}
