package org.dnslens.engine.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SafeTextTest {
  @Test
  void escapesControlAndBidiCharacters() {
    assertThat(SafeText.escape("ok\u001b[2Jevil")).isEqualTo("ok\\u001b[2Jevil");
    assertThat(SafeText.escape("abc\u202egnp.exe")).isEqualTo("abc\\u202egnp.exe");
    assertThat(SafeText.escape("a\\b")).isEqualTo("a\\\\b");
    assertThat(SafeText.escape("bücher")).isEqualTo("bücher");
    assertThat(SafeText.neutralise("a\\032b\u200f")).isEqualTo("a\\032b\\u200f");
  }

  @Test
  void flagsMixedScriptHomoglyphs() {
    assertThat(SafeText.hasMixedScripts("pаypal.com")).isTrue(); // Cyrillic а
    assertThat(SafeText.hasMixedScripts("paypal.com")).isFalse();
    assertThat(SafeText.hasMixedScripts("bücher-123.de")).isFalse();
    assertThat(SafeText.hasBidiControl("x\u202ey")).isTrue();
  }
}
