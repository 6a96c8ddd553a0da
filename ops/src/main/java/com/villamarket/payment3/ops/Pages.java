package com.villamarket.payment3.ops;

import com.villamarket.payment3.common.html.Html;
import com.villamarket.payment3.ops.Verdict.Severity;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

/**
 * The look of the operator's pages (a story, the worklist, the local stack's views): one style sheet,
 * the severity banner, times in the shop's zone with UTC beside, tables whose time columns never wrap.
 * Every value given to it is escaped here, once; what it is given as {@code html} is markup already built
 * from escaped values.
 */
public final class Pages {

    /** The shop's time zone: the pages show its time first, UTC beside it. */
    public static final ZoneId SHOP_ZONE = ZoneId.of("Asia/Bangkok");

    private static final String STYLE = String.join("\n",
            "body{font-family:system-ui,sans-serif;margin:1.5em;color:#1b1b1b;background:#fff}",
            "h1{font-size:1.4em;margin:0 0 .6em}",
            "table{border-collapse:collapse;margin:.6em 0}",
            "td,th{padding:4px 10px;text-align:left;vertical-align:top;border-bottom:1px solid #ddd}",
            "th{background:#f2f2f2}",
            ".time{white-space:nowrap;font-variant-numeric:tabular-nums}",
            ".utc{color:#666;font-size:85%}",
            "code,pre{font-family:ui-monospace,monospace;font-size:90%}",
            "pre{background:#f6f6f6;padding:6px;margin:0;max-width:48em;max-height:30em;overflow:auto;white-space:pre}",
            "details summary{cursor:pointer;color:#0b57d0}",
            ".verdict{padding:.7em 1em;border-left:10px solid;margin:.6em 0 1em;font-size:1.1em}",
            ".badge{display:inline-block;padding:1px 8px;border-radius:3px;font-weight:bold;color:#fff;"
                    + "text-transform:uppercase;font-size:80%;white-space:nowrap}",
            ".severity-action{border-color:#c62828;background:#fdecea}",
            ".severity-action .badge,.badge.severity-action{background:#c62828}",
            ".severity-waiting{border-color:#ef8f00;background:#fff4e0}",
            ".severity-waiting .badge,.badge.severity-waiting{background:#b26a00}",
            ".severity-done{border-color:#2e7d32;background:#edf7ee}",
            ".severity-done .badge,.badge.severity-done{background:#2e7d32}",
            ".severity-no-money{border-color:#757575;background:#f3f3f3}",
            ".severity-no-money .badge,.badge.severity-no-money{background:#616161}",
            "nav a{margin-right:1em}");

    private Pages() {
    }

    /** The page's head and navigation, up to its heading; {@code title} is escaped. */
    public static StringBuilder start(String title) {
        StringBuilder page = new StringBuilder(8192);
        page.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
                .append(Html.escape(title)).append("</title>\n<style>\n").append(STYLE).append("\n</style>\n</head>\n<body>\n")
                .append("<h1>").append(Html.escape(title)).append("</h1>\n");
        return page;
    }

    /** The local stack's links to its other views, as markup. */
    public static String localNavigation() {
        return "<nav><a href=\"/_local/worklist\">worklist</a><a href=\"/_local/status\">status</a>"
                + "<a href=\"/_local/errors\">error log</a><a href=\"/_local/dead-letters\">dead letters</a></nav>\n";
    }

    /** Ends a page begun by {@link #start}. */
    public static String end(StringBuilder page) {
        return page.append("</body>\n</html>\n").toString();
    }

    /** The severity's badge: its colour and its word, for example "needs a person". */
    public static String badge(Severity severity) {
        return "<span class=\"badge " + severity.cssClass() + "\">" + Html.escape(severity.word()) + "</span>";
    }

    /** A moment in a table cell: the shop's time, UTC beside it, neither wrapping. */
    public static String timeCell(Instant at) {
        if (at == null) {
            return "<td class=\"time\">(no time)</td>";
        }
        return "<td class=\"time\">" + Html.escape(Times.local(at, SHOP_ZONE)) + "<br><span class=\"utc\">"
                + Html.escape(Times.utc(at)) + "</span></td>";
    }

    /** A table's header row; each name is escaped. */
    public static String headerRow(List<String> names) {
        StringBuilder row = new StringBuilder("<tr>");
        names.forEach(n -> row.append("<th>").append(Html.escape(n)).append("</th>"));
        return row.append("</tr>\n").toString();
    }

    /** A cell of text, escaped. */
    public static String cell(String text) {
        return "<td>" + Html.escape(text) + "</td>";
    }

    /** A cell of code, escaped. */
    public static String codeCell(String text) {
        return text == null || text.isEmpty() ? "<td></td>" : "<td><code>" + Html.escape(text) + "</code></td>";
    }

    /** A block of preformatted text (a pretty-printed event), escaped once. */
    public static String pre(String text) {
        return "<pre>" + Html.escape(text) + "</pre>";
    }
}
