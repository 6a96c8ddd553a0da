package com.villamarket.payment3.ops;

import java.time.ZoneId;

/** A story as an on-call engineer reads it in a terminal: one line per event, local time and UTC, then the verdict. */
public final class StoryText {

    private static final String LINE = "%-30s | %-24s | %-18s | %s%n";

    private StoryText() {
    }

    public static String render(Story story, ZoneId zone) {
        StringBuilder out = new StringBuilder();
        out.append(title(story)).append('\n');
        out.append(String.format(LINE, "time (" + zone.getId() + ")", "UTC", "source", "what"));
        for (StoryEvent e : story.events()) {
            out.append(String.format(LINE, e.at() == null ? "(no time)" : Times.local(e.at(), zone), Times.utc(e.at()),
                    e.source(), oneLine(e.text())));
            if (e.replay() != null) {
                out.append(String.format(LINE, "", "", "", "replay: " + oneLine(e.replay())));
            }
        }
        if (story.events().isEmpty()) {
            out.append("(no event)\n");
        }
        out.append("Severity: ").append(story.verdict().severity().word()).append('\n');
        out.append("Verdict: ").append(oneLine(story.verdict().text())).append('\n');
        story.verdict().actions().forEach(a -> out.append("  - ").append(oneLine(a)).append('\n'));
        if (!story.notes().isEmpty()) {
            out.append("Notes:\n");
            story.notes().forEach(n -> out.append("  - ").append(oneLine(n)).append('\n'));
        }
        return out.toString();
    }

    /** What the story is of, as its first line. */
    static String title(Story story) {
        String of = story.subject().equals(story.orderId()) ? "order " + story.orderId()
                : "charge " + story.subject() + (story.orderId() == null ? "" : " (order " + story.orderId() + ")");
        return "Story of " + of;
    }

    /** Text from the tables is anyone's: no line breaks or control characters reach the terminal. */
    static String oneLine(String text) {
        return text == null ? "" : text.replaceAll("\\p{Cntrl}", " ");
    }
}
