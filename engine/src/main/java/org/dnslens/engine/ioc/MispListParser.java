package org.dnslens.engine.ioc;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.dnslens.engine.ioc.IocValueParser.BadValueException;
import org.dnslens.engine.ioc.IocValueParser.Expect;
import org.dnslens.engine.ioc.IocValueParser.Parsed;
import org.dnslens.engine.ioc.JsonTree.Node;
import org.dnslens.engine.model.Ioc;

/**
 * MISP events: {@code Event.Attribute[]} and {@code Event.Object[].Attribute[]} of the network types.
 * Attributes with {@code to_ids} false are analysts' context, not detection material, so they are
 * skipped unless the caller asks for all.
 */
final class MispListParser {
  private MispListParser() {}

  static boolean looksLikeMisp(Node root) {
    for (Node n : root.items()) {
      if (n.has("Event") || n.has("Attribute") || n.has("Object")) {
        return true;
      }
    }
    return root.has("response");
  }

  static void parse(Node root, IocCollector out, boolean includeAll) {
    List<Node> roots = root.isObject() && root.has("response") ? root.get("response").items() : root.items();
    for (Node r : roots) {
      Node event = r.has("Event") ? r.get("Event") : r;
      event(event, out, includeAll);
    }
  }

  private static void event(Node event, IocCollector out, boolean includeAll) {
    List<String> eventTags = new ArrayList<>();
    tags(event.get("Tag"), eventTags);
    String info = IocCollector.text(event.get("info").text());
    for (Node a : event.get("Attribute").items()) {
      attribute(a, null, eventTags, info, out, includeAll);
    }
    for (Node o : event.get("Object").items()) {
      String objectName = IocCollector.text(o.get("name").text());
      for (Node a : o.get("Attribute").items()) {
        attribute(a, objectName, eventTags, info, out, includeAll);
      }
    }
  }

  private static void attribute(
      Node a, String objectName, List<String> eventTags, String info, IocCollector out, boolean includeAll) {
    if (out.full()) {
      return;
    }
    String type = a.get("type").text();
    String value = a.get("value").text();
    long line = a.line();
    if (type == null || value == null) {
      out.problem(line, "attribute without type or value", a.get("uuid").text());
      return;
    }
    if (!includeAll && !a.get("to_ids").isTrue()) {
      out.ignore();
      return;
    }
    if (a.get("deleted").isTrue()) {
      out.ignore();
      return;
    }
    List<String> parts = new ArrayList<>();
    List<Expect> expects = new ArrayList<>();
    switch (type.toLowerCase(Locale.ROOT)) {
      case "domain":
        parts.add(value);
        expects.add(Expect.DOMAIN);
        break;
      case "hostname":
        parts.add(value);
        expects.add(Expect.HOST);
        break;
      case "url":
        parts.add(value);
        expects.add(Expect.URL);
        break;
      case "ip-src":
      case "ip-dst":
        parts.add(value);
        expects.add(Expect.IP);
        break;
      case "domain|ip":
        {
          int bar = value.indexOf('|');
          if (bar < 0) {
            out.problem(line, "domain|ip attribute without '|'", value);
            return;
          }
          parts.add(value.substring(0, bar));
          expects.add(Expect.DOMAIN);
          parts.add(value.substring(bar + 1));
          expects.add(Expect.IP);
          break;
        }
      case "ip-src|port":
      case "ip-dst|port":
        {
          int bar = value.lastIndexOf('|');
          parts.add(bar >= 0 ? value.substring(0, bar) : value);
          expects.add(Expect.IP);
          break;
        }
      case "hostname|port":
        {
          int bar = value.lastIndexOf('|');
          parts.add(bar >= 0 ? value.substring(0, bar) : value);
          expects.add(Expect.HOST);
          break;
        }
      default:
        out.ignore();
        return;
    }
    List<String> tags = new ArrayList<>(eventTags);
    String category = IocCollector.text(a.get("category").text());
    if (category != null) {
      tags.add(category);
    }
    if (objectName != null) {
      tags.add("object:" + objectName);
    }
    tags(a.get("Tag"), tags);
    String comment = IocCollector.text(a.get("comment").text());
    String description = comment != null ? comment : info;
    String id = a.get("uuid").text() != null ? a.get("uuid").text() : a.get("id").text();
    for (int i = 0; i < parts.size(); i++) {
      try {
        Parsed p = IocValueParser.parse(parts.get(i), expects.get(i));
        out.add(new Ioc(p.value(), p.kind(), out.list, line, IocCollector.text(id), tags, description, null, null));
      } catch (BadValueException e) {
        out.problem(line, type + " attribute: " + e.getMessage(), parts.get(i));
      }
    }
  }

  private static void tags(Node tagArray, List<String> into) {
    for (Node t : tagArray.items()) {
      String name = IocCollector.text(t.get("name").text());
      if (name != null && into.size() < IocCollector.MAX_TAGS) {
        into.add(name);
      }
    }
  }
}
