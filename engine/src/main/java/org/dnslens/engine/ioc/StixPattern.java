package org.dnslens.engine.ioc;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A parser for the STIX 2.1 patterning language (part 9 of the specification) that checks the whole
 * grammar and collects the comparison expressions: {@code [domain-name:value = 'evil.com' OR
 * ipv4-addr:value = '198.51.100.1'] AND [url:value = 'http://x/'] WITHIN 600 SECONDS} gives three
 * comparisons. Whether a comparison is an indicator is the caller's decision.
 */
final class StixPattern {
  /** Patterns longer than this are refused before tokenising. */
  static final int MAX_PATTERN_CHARS = 64 * 1024;
  /** Nesting of brackets and parentheses; deeper patterns are refused (the parser recurses). */
  static final int MAX_DEPTH = 32;

  /** One {@code object-type:property op value(s)} comparison. */
  record Comparison(String objectType, String property, String operator, boolean negated, List<String> values) {}

  static final class PatternException extends Exception {
    private static final long serialVersionUID = 1L;

    PatternException(String reason) {
      super(reason, null, false, false);
    }
  }

  private enum Kind {
    LBRACKET,
    RBRACKET,
    LPAREN,
    RPAREN,
    COMMA,
    STRING,
    OP,
    WORD,
    END
  }

  private record Token(Kind kind, String text) {}

  private final List<Token> tokens;
  private final List<Comparison> comparisons = new ArrayList<>();
  private int pos;
  private int depth;

  private StixPattern(List<Token> tokens) {
    this.tokens = tokens;
  }

  /** The comparisons of a valid pattern, in order. */
  static List<Comparison> parse(String pattern) throws PatternException {
    if (pattern.length() > MAX_PATTERN_CHARS) {
      throw new PatternException("pattern longer than " + MAX_PATTERN_CHARS + " characters");
    }
    StixPattern p = new StixPattern(tokenize(pattern));
    p.pattern();
    if (p.peek().kind != Kind.END) {
      throw new PatternException("unexpected '" + p.peek().text + "' after the pattern");
    }
    if (p.comparisons.isEmpty()) {
      throw new PatternException("pattern without a comparison");
    }
    return p.comparisons;
  }

  // pattern := observation ((AND | OR | FOLLOWEDBY) observation)*
  private void pattern() throws PatternException {
    observation();
    while (isWord("AND") || isWord("OR") || isWord("FOLLOWEDBY")) {
      pos++;
      observation();
    }
  }

  // observation := ('[' comparisonExpr ']' | '(' pattern ')') qualifier*
  private void observation() throws PatternException {
    enter();
    Token t = next();
    if (t.kind == Kind.LBRACKET) {
      comparisonExpr();
      expect(Kind.RBRACKET, "]");
    } else if (t.kind == Kind.LPAREN) {
      pattern();
      expect(Kind.RPAREN, ")");
    } else {
      throw new PatternException("expected '[' or '(' but found '" + t.text + "'");
    }
    qualifiers();
    depth--;
  }

  private void qualifiers() throws PatternException {
    while (true) {
      if (isWord("WITHIN")) {
        pos++;
        number();
        expectWord("SECONDS");
      } else if (isWord("REPEATS")) {
        pos++;
        number();
        expectWord("TIMES");
      } else if (isWord("START")) {
        pos++;
        literal();
        expectWord("STOP");
        literal();
      } else {
        return;
      }
    }
  }

  // comparisonExpr := comparisonTerm ((AND | OR) comparisonTerm)*
  private void comparisonExpr() throws PatternException {
    comparisonTerm();
    while (isWord("AND") || isWord("OR")) {
      pos++;
      comparisonTerm();
    }
  }

  private void comparisonTerm() throws PatternException {
    enter();
    if (peek().kind == Kind.LPAREN) {
      pos++;
      comparisonExpr();
      expect(Kind.RPAREN, ")");
    } else if (isWord("EXISTS")) {
      pos++;
      path();
    } else {
      String[] path = path();
      boolean negated = false;
      if (isWord("NOT")) {
        pos++;
        negated = true;
      }
      Token op = next();
      String operator;
      if (op.kind == Kind.OP) {
        operator = op.text;
      } else if (op.kind == Kind.WORD && isOperatorWord(op.text)) {
        operator = op.text.toUpperCase(Locale.ROOT);
      } else {
        throw new PatternException("expected a comparison operator but found '" + op.text + "'");
      }
      List<String> values = new ArrayList<>();
      if (operator.equals("IN")) {
        expect(Kind.LPAREN, "(");
        values.add(literal());
        while (peek().kind == Kind.COMMA) {
          pos++;
          values.add(literal());
        }
        expect(Kind.RPAREN, ")");
      } else {
        values.add(literal());
      }
      if (operator.equals("!=")) {
        negated = !negated;
        operator = "=";
      }
      comparisons.add(new Comparison(path[0], path[1], operator, negated, values));
    }
    depth--;
  }

  private static boolean isOperatorWord(String w) {
    switch (w.toUpperCase(Locale.ROOT)) {
      case "IN":
      case "LIKE":
      case "MATCHES":
      case "ISSUBSET":
      case "ISSUPERSET":
        return true;
      default:
        return false;
    }
  }

  /** {@code object-type:property.path} split at the colon. */
  private String[] path() throws PatternException {
    Token t = next();
    if (t.kind != Kind.WORD) {
      throw new PatternException("expected an object path but found '" + t.text + "'");
    }
    int colon = t.text.indexOf(':');
    if (colon <= 0 || colon == t.text.length() - 1) {
      throw new PatternException("object path without 'type:property'");
    }
    return new String[] {t.text.substring(0, colon), t.text.substring(colon + 1)};
  }

  /** A string, number, boolean, or prefixed literal (t'...', h'...', b'...'). */
  private String literal() throws PatternException {
    Token t = next();
    if (t.kind == Kind.STRING || t.kind == Kind.WORD) {
      return t.text;
    }
    throw new PatternException("expected a value but found '" + t.text + "'");
  }

  private void number() throws PatternException {
    Token t = next();
    if (t.kind != Kind.WORD || t.text.isEmpty() || !t.text.chars().allMatch(Character::isDigit)) {
      throw new PatternException("expected a number but found '" + t.text + "'");
    }
  }

  private void enter() throws PatternException {
    if (++depth > MAX_DEPTH) {
      throw new PatternException("pattern nested deeper than " + MAX_DEPTH);
    }
  }

  private boolean isWord(String w) {
    Token t = peek();
    return t.kind == Kind.WORD && t.text.equalsIgnoreCase(w);
  }

  private void expectWord(String w) throws PatternException {
    if (!isWord(w)) {
      throw new PatternException("expected " + w + " but found '" + peek().text + "'");
    }
    pos++;
  }

  private void expect(Kind k, String what) throws PatternException {
    Token t = next();
    if (t.kind != k) {
      throw new PatternException("expected '" + what + "' but found '" + t.text + "'");
    }
  }

  private Token peek() {
    return tokens.get(pos);
  }

  private Token next() {
    Token t = tokens.get(pos);
    if (t.kind != Kind.END) {
      pos++;
    }
    return t;
  }

  private static List<Token> tokenize(String s) throws PatternException {
    List<Token> out = new ArrayList<>();
    int n = s.length();
    int i = 0;
    while (i < n) {
      char c = s.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
      } else if (c == '[') {
        out.add(new Token(Kind.LBRACKET, "["));
        i++;
      } else if (c == ']') {
        out.add(new Token(Kind.RBRACKET, "]"));
        i++;
      } else if (c == '(') {
        out.add(new Token(Kind.LPAREN, "("));
        i++;
      } else if (c == ')') {
        out.add(new Token(Kind.RPAREN, ")"));
        i++;
      } else if (c == ',') {
        out.add(new Token(Kind.COMMA, ","));
        i++;
      } else if (c == '\'') {
        StringBuilder sb = new StringBuilder();
        i = quoted(s, i, sb);
        out.add(new Token(Kind.STRING, sb.toString()));
      } else if (c == '=' || c == '!' || c == '<' || c == '>') {
        if (i + 1 < n && s.charAt(i + 1) == '=') {
          out.add(new Token(Kind.OP, s.substring(i, i + 2)));
          i += 2;
        } else if (c == '!') {
          throw new PatternException("'!' without '='");
        } else {
          out.add(new Token(Kind.OP, String.valueOf(c)));
          i++;
        }
      } else if (isWordChar(c)) {
        int start = i;
        StringBuilder sb = new StringBuilder();
        while (i < n) {
          char d = s.charAt(i);
          if (isWordChar(d)) {
            sb.append(d);
            i++;
          } else if (d == '\'' && (i == start + 1 && "thb".indexOf(s.charAt(start)) >= 0)) {
            // t'2016-01-01T00:00:00Z', h'ff', b'AA==': typed literals
            i = quoted(s, i, sb.append('\''));
            sb.append('\'');
            break;
          } else if (d == '\'' && sb.length() > 0 && sb.charAt(sb.length() - 1) == '.') {
            // file:hashes.'SHA-256': a quoted path component
            i = quoted(s, i, sb.append('\''));
            sb.append('\'');
          } else if (d == '[' && i + 2 < n && s.charAt(i + 2) == ']'
              && (s.charAt(i + 1) == '*' || Character.isDigit(s.charAt(i + 1)))) {
            // email-message:to_refs[*].value: a list index
            sb.append(s, i, i + 3);
            i += 3;
          } else {
            break;
          }
        }
        out.add(new Token(Kind.WORD, sb.toString()));
      } else {
        throw new PatternException("unexpected character in pattern");
      }
    }
    out.add(new Token(Kind.END, "end of pattern"));
    return out;
  }

  private static boolean isWordChar(char c) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || c == '-'
        || c == '_'
        || c == ':'
        || c == '.'
        || c == '+';
  }

  /** Reads a single-quoted string starting at {@code i} (the quote) into {@code sb}; returns the index after it. */
  private static int quoted(String s, int i, StringBuilder sb) throws PatternException {
    int n = s.length();
    int j = i + 1;
    while (j < n) {
      char c = s.charAt(j);
      if (c == '\\') {
        if (j + 1 >= n) {
          break;
        }
        sb.append(s.charAt(j + 1));
        j += 2;
      } else if (c == '\'') {
        return j + 1;
      } else {
        sb.append(c);
        j++;
      }
    }
    throw new PatternException("unterminated string in pattern");
  }
}
