package com.villamarket.payment3.ops;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.villamarket.payment3.common.html.Html;
import com.villamarket.payment3.common.json.Json;
import java.time.ZoneId;
import java.util.List;

/** The worklist as a terminal reads it, as JSON for tools, and as the local stack's page. */
public final class WorklistViews {

    private WorklistViews() {
    }

    public static String text(Worklist.Result list, ZoneId zone) {
        StringBuilder out = new StringBuilder();
        out.append("Worklist: ").append(list.items().size()).append(list.items().size() == 1 ? " item" : " items")
                .append(" needing a person, oldest first (told at ").append(Times.both(list.toldAt(), zone)).append(")\n");
        int n = 0;
        for (Worklist.Item item : list.items()) {
            out.append('\n').append(++n).append(". ").append(StoryText.oneLine(item.subject())).append("  [")
                    .append(item.verdict().severity().word()).append("]  since ").append(Times.both(item.since(), zone))
                    .append('\n');
            out.append("   verdict: ").append(StoryText.oneLine(item.verdict().text())).append('\n');
            out.append("   settle:  ").append(StoryText.oneLine(item.settle())).append('\n');
            out.append("   story:   ").append(StoryText.oneLine(item.story())).append('\n');
        }
        if (list.items().isEmpty()) {
            out.append("(nothing needs a person)\n");
        }
        notes(list.notes(), out);
        return out.toString();
    }

    private static void notes(List<String> notes, StringBuilder out) {
        if (!notes.isEmpty()) {
            out.append("Notes:\n");
            notes.forEach(n -> out.append("  - ").append(StoryText.oneLine(n)).append('\n'));
        }
    }

    public static ObjectNode json(Worklist.Result list, ZoneId zone) {
        ObjectNode root = Json.object();
        root.put("toldAt", list.toldAt().toString());
        root.put("stuckAfterMinutes", list.stuckAfter().toMinutes());
        ArrayNode items = root.putArray("items");
        for (Worklist.Item item : list.items()) {
            ObjectNode i = items.addObject();
            i.put("since", item.since().toString());
            i.put("sinceLocal", Times.local(item.since(), zone));
            i.put("subject", item.subject());
            i.put("severity", item.verdict().severity().name());
            i.put("kind", item.verdict().kind().name());
            i.put("verdict", item.verdict().text());
            i.put("chargeId", item.verdict().charge());
            i.put("settle", item.settle());
            i.put("story", item.story());
            item.defects().forEach(i.putArray("openDefects")::add);
        }
        list.notes().forEach(root.putArray("notes")::add);
        return root;
    }

    /**
     * The local stack's page ({@code GET /_local/worklist}): one row per item, its severity's colour and word,
     * the shop's time with UTC, a link to its story (the click) and the command that settles it.
     *
     * @param storyLink the story page's address of a subject, or null when the subject has no page (an error entry)
     */
    public static String page(Worklist.Result list, java.util.function.Function<String, String> storyLink) {
        StringBuilder page = Pages.start("Worklist: what needs a person");
        page.append(Pages.localNavigation());
        page.append("<p>").append(list.items().size()).append(list.items().size() == 1 ? " item" : " items")
                .append(", oldest first. Waiting payments are listed once they wait longer than ")
                .append(list.stuckAfter().toMinutes()).append(" minutes.</p>\n");
        page.append("<table id=\"worklist\">\n").append(Pages.headerRow(List.of("since (" + Pages.SHOP_ZONE.getId()
                + " / UTC)", "", "order or charge", "verdict", "what settles it")));
        for (Worklist.Item item : list.items()) {
            Verdict v = item.verdict();
            String link = storyLink.apply(item.subject());
            page.append("<tr class=\"").append(v.severity().cssClass()).append("\" data-kind=\"").append(v.kind().name())
                    .append("\">").append(Pages.timeCell(item.since())).append("<td>").append(Pages.badge(v.severity()))
                    .append("</td><td>");
            if (link != null) {
                page.append("<a href=\"").append(Html.escape(link)).append("\">").append(Html.escape(item.subject()))
                        .append("</a>");
            } else {
                page.append(Html.escape(item.subject()));
            }
            page.append("</td>").append(Pages.cell(v.text())).append(Pages.codeCell(item.settle())).append("</tr>\n");
        }
        if (list.items().isEmpty()) {
            page.append("<tr><td colspan=\"5\">Nothing needs a person.</td></tr>\n");
        }
        page.append("</table>\n");
        if (!list.notes().isEmpty()) {
            page.append("<h2>Notes</h2>\n<ul>\n");
            list.notes().forEach(n -> page.append("<li>").append(Html.escape(n)).append("</li>\n"));
            page.append("</ul>\n");
        }
        page.append("<p class=\"utc\">told at ").append(Html.escape(Times.both(list.toldAt(), Pages.SHOP_ZONE)))
                .append("; <a href=\"?format=json\">as JSON</a></p>\n");
        return Pages.end(page);
    }
}
