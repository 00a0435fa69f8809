package org.dnslens.engine.ioc;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A JSON document as a small tree that remembers the line where each value starts, so a problem in a
 * STIX or MISP file can point at its line. Depth and string sizes are bounded by the parser's {@code
 * StreamReadConstraints}; the node count by {@code maxNodes}.
 */
final class JsonTree {
  /** A value: a {@code Map<String, Node>}, a {@code List<Node>}, a String, a Boolean, or null. */
  record Node(Object value, int line) {
    static final Node MISSING = new Node(null, 0);

    Node get(String field) {
      if (value instanceof Map<?, ?> m) {
        Object n = m.get(field);
        if (n instanceof Node node) {
          return node;
        }
      }
      return MISSING;
    }

    boolean isObject() {
      return value instanceof Map;
    }

    boolean has(String field) {
      return get(field) != MISSING;
    }

    /** The elements of an array; a single object counts as an array of one; anything else is empty. */
    List<Node> items() {
      if (value instanceof List<?> l) {
        List<Node> out = new ArrayList<>(l.size());
        for (Object o : l) {
          out.add((Node) o);
        }
        return out;
      }
      if (value instanceof Map) {
        return List.of(this);
      }
      return Collections.emptyList();
    }

    /** Text of a string, number or boolean; null otherwise. */
    String text() {
      if (value instanceof String s) {
        return s;
      }
      if (value instanceof Boolean b) {
        return b.toString();
      }
      return null;
    }

    /** JSON true, or the strings "1", "true", "yes" (MISP exports carry booleans both ways). */
    boolean isTrue() {
      if (value instanceof Boolean b) {
        return b;
      }
      if (value instanceof String s) {
        String t = s.strip().toLowerCase(Locale.ROOT);
        return t.equals("1") || t.equals("true") || t.equals("yes");
      }
      return false;
    }
  }

  /** Thrown when the document is cut short or has more values than allowed. */
  static final class BadJsonException extends Exception {
    private static final long serialVersionUID = 1L;

    BadJsonException(String reason) {
      super(reason, null, false, false);
    }
  }

  private final int maxNodes;
  private int nodes;

  private JsonTree(int maxNodes) {
    this.maxNodes = maxNodes;
  }

  /** Reads one value from {@code p} (positioned before it). */
  static Node read(JsonParser p, int maxNodes) throws IOException, BadJsonException {
    JsonToken t = p.nextToken();
    if (t == null) {
      throw new BadJsonException("empty JSON document");
    }
    return new JsonTree(maxNodes).value(p, t);
  }

  // Recursion depth is bounded by StreamReadConstraints.maxNestingDepth, set by the reader.
  private Node value(JsonParser p, JsonToken t) throws IOException, BadJsonException {
    if (++nodes > maxNodes) {
      throw new BadJsonException("more than " + maxNodes + " JSON values");
    }
    int line = p.currentTokenLocation().getLineNr();
    switch (t) {
      case START_OBJECT:
        {
          Map<String, Node> m = new LinkedHashMap<>();
          JsonToken k;
          while ((k = p.nextToken()) == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            m.put(name, value(p, p.nextToken()));
          }
          if (k != JsonToken.END_OBJECT) {
            throw new BadJsonException("truncated JSON object");
          }
          return new Node(m, line);
        }
      case START_ARRAY:
        {
          List<Node> l = new ArrayList<>();
          JsonToken k;
          while ((k = p.nextToken()) != JsonToken.END_ARRAY) {
            if (k == null) {
              throw new BadJsonException("truncated JSON array");
            }
            l.add(value(p, k));
          }
          return new Node(l, line);
        }
      case VALUE_STRING:
      case VALUE_NUMBER_INT:
      case VALUE_NUMBER_FLOAT:
        return new Node(p.getText(), line);
      case VALUE_TRUE:
        return new Node(Boolean.TRUE, line);
      case VALUE_FALSE:
        return new Node(Boolean.FALSE, line);
      default:
        return new Node(null, line);
    }
  }
}
