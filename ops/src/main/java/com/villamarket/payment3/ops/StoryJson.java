package com.villamarket.payment3.ops;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.villamarket.payment3.common.json.Json;
import java.time.ZoneId;

/** A story for tools: the same events, verdict and notes as the text, as one JSON object. */
public final class StoryJson {

    private StoryJson() {
    }

    public static ObjectNode of(Story story, ZoneId zone) {
        ObjectNode root = Json.object();
        root.put("subject", story.subject());
        root.put("orderId", story.orderId());
        root.put("toldAt", story.toldAt().toString());
        ArrayNode events = root.putArray("events");
        for (StoryEvent e : story.events()) {
            ObjectNode event = events.addObject();
            event.put("at", e.at() == null ? null : e.at().toString());
            event.put("local", e.at() == null ? null : Times.local(e.at(), zone));
            event.put("source", e.source());
            event.put("text", e.text());
            if (e.replay() != null) {
                event.put("replay", e.replay());
            }
        }
        ObjectNode verdict = root.putObject("verdict");
        verdict.put("kind", story.verdict().kind().name());
        verdict.put("severity", story.verdict().severity().name());
        verdict.put("text", story.verdict().text());
        verdict.put("chargeId", story.verdict().charge());
        story.verdict().actions().forEach(verdict.putArray("actions")::add);
        story.notes().forEach(root.putArray("notes")::add);
        return root;
    }

    public static String render(Story story, ZoneId zone) {
        return Json.write(of(story, zone));
    }
}
