package com.villamarket.payment3.ops;

import com.villamarket.payment3.common.html.Html;
import java.time.ZoneId;

/** A story as an HTML page (the local stack's {@code GET /_local/orders/{id}}); every value from the tables is escaped. */
public final class StoryPage {

    private StoryPage() {
    }

    public static String render(Story story, ZoneId zone) {
        StringBuilder page = new StringBuilder(4096);
        String title = StoryText.title(story);
        page.append("<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n<title>").append(Html.escape(title))
                .append("</title>\n<style>body{font-family:sans-serif}td,th{padding:2px 8px;text-align:left;"
                        + "vertical-align:top}code{font-size:90%}</style>\n</head>\n<body>\n<h1>")
                .append(Html.escape(title)).append("</h1>\n");
        page.append("<h2>Verdict: ").append(Html.escape(story.verdict().text())).append("</h2>\n");
        if (!story.verdict().actions().isEmpty()) {
            page.append("<ul>\n");
            story.verdict().actions().forEach(a -> page.append("<li>").append(Html.escape(a)).append("</li>\n"));
            page.append("</ul>\n");
        }
        page.append("<table>\n<tr><th>").append(Html.escape("time (" + zone.getId() + ")"))
                .append("</th><th>UTC</th><th>source</th><th>what</th></tr>\n");
        for (StoryEvent e : story.events()) {
            page.append("<tr><td>").append(Html.escape(e.at() == null ? "(no time)" : Times.local(e.at(), zone)))
                    .append("</td><td>").append(Html.escape(Times.utc(e.at())))
                    .append("</td><td>").append(Html.escape(e.source()))
                    .append("</td><td>").append(Html.escape(e.text()));
            if (e.replay() != null) {
                page.append("<br>replay: <code>").append(Html.escape(e.replay())).append("</code>");
            }
            page.append("</td></tr>\n");
        }
        page.append("</table>\n");
        if (!story.notes().isEmpty()) {
            page.append("<h3>Notes</h3>\n<ul>\n");
            story.notes().forEach(n -> page.append("<li>").append(Html.escape(n)).append("</li>\n"));
            page.append("</ul>\n");
        }
        return page.append("</body>\n</html>\n").toString();
    }
}
