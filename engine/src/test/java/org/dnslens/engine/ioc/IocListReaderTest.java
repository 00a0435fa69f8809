package org.dnslens.engine.ioc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.dnslens.engine.model.Ioc;
import org.dnslens.engine.model.IocKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class IocListReaderTest {

  static IocList fixture(String name) throws IOException {
    return fixture(name, IocListReader.Options.DEFAULT);
  }

  static IocList fixture(String name, IocListReader.Options options) throws IOException {
    try (InputStream in = IocListReaderTest.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new AssertionError("missing fixture " + name);
      }
      return new IocListReader(options).read(name, in);
    }
  }

  static IocList text(String content) throws IOException {
    return read(content, IocListReader.Options.DEFAULT);
  }

  static IocList read(String content, IocListReader.Options options) throws IOException {
    return new IocListReader(options).read("inline", new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8)));
  }

  static List<String> values(IocList list) {
    return list.iocs().stream().map(i -> i.kind() + " " + i.value()).collect(Collectors.toList());
  }

  static List<String> problems(IocList list) {
    return list.problems().stream().map(p -> p.line() + ": " + p.reason()).collect(Collectors.toList());
  }

  static Map<String, Ioc> byValue(IocList list) {
    return list.iocs().stream().collect(Collectors.toMap(Ioc::value, Function.identity(), (a, b) -> a));
  }

  @Test
  void defangedThreatReportIsRefangedAndEveryBadLineReported() throws IOException {
    IocList list = fixture("threat-report-defanged.txt");
    assertEquals(IocFormat.TEXT, list.format());
    assertEquals(
        List.of(
            "DOMAIN lantern-c2.example",
            "DOMAIN backup.lantern-c2.example",
            "DOMAIN cdn.lantern-cdn.example",
            "DOMAIN_EXACT dropper.lantern-drop.example",
            "DOMAIN_EXACT login-lantern.example",
            "DOMAIN_EXACT creds.lantern-phish.example",
            "IP 203.0.113.45",
            "IP 2001:db8:dead::beef",
            "CIDR 198.51.100.0/25",
            "DOMAIN wild-lantern.example",
            "DOMAIN xn--vil-ünicode-.example".replace("xn--vil-ünicode-", java.net.IDN.toASCII("évil-ünicode")),
            "DOMAIN xn--bcher-kva.example"),
        values(list));
    assertEquals(
        List.of(
            "23: single-label name (it would match a whole top-level domain)",
            "24: URL without a host",
            "25: invalid IPv4 address",
            "26: empty label in domain",
            "27: empty domain",
            "28: CIDR prefix length out of range",
            "29: character not allowed in a domain name",
            "30: single-label name (it would match a whole top-level domain)"),
        problems(list));
    assertEquals(8, list.problemCount());
    assertTrue(list.complete());
    Ioc c2 = list.iocs().get(0);
    assertEquals(5, c2.line());
    assertEquals("primary C2, seen 2024-03-02", c2.description());
    assertEquals("fallback", list.iocs().get(1).description());
    IocProblem first = list.problems().get(0);
    assertEquals("threat-report-defanged.txt", first.file());
    assertEquals("not a domain at all", first.excerpt());
  }

  @Test
  void hostsBlocklistKeepsNamesAndSkipsItsFurniture() throws IOException {
    IocList list = fixture("hosts-blocklist.txt");
    assertEquals(
        List.of(
            "DOMAIN ads.tracker-one.example",
            "DOMAIN telemetry.tracker-two.example",
            "DOMAIN metrics.tracker-two.example",
            "DOMAIN a.multi.example",
            "DOMAIN b.multi.example",
            "DOMAIN c.multi.example",
            "DOMAIN tabbed.example",
            "DOMAIN blocked.example"),
        values(list));
    assertEquals(List.of("15: character not allowed in a domain name"), problems(list));
    assertEquals("two on a line", list.iocs().get(1).description());
    assertEquals(12, list.iocs().get(2).line());
  }

  @Test
  void csvPicksTheIndicatorColumnAndKeepsTagsAndDescriptions() throws IOException {
    IocList list = fixture("indicators.csv");
    assertEquals(IocFormat.CSV, list.format());
    assertEquals(
        List.of(
            "DOMAIN quoted-domain.example",
            "DOMAIN plain-domain.example",
            "IP 198.51.100.9",
            "DOMAIN_EXACT csv-url.example"),
        values(list));
    assertEquals(List.of("5: character not allowed in a domain name"), problems(list));
    Ioc quoted = list.iocs().get(0);
    assertEquals("C2, with a comma in the description", quoted.description());
    assertEquals(List.of("c2", "apt"), quoted.tags());
    assertEquals(2, quoted.line());
    assertEquals("address with \"quotes\"", list.iocs().get(2).description());
    assertEquals(8, list.iocs().get(3).line());
    assertEquals(1, list.ignoredCount());
  }

  @Test
  void csvColumnByHeaderName() throws IOException {
    String csv = "first_seen,host,ip\n2024-01-01,a.example,192.0.2.1\n2024-01-02,b.example,192.0.2.2\n";
    assertEquals(List.of("IP 192.0.2.1", "IP 192.0.2.2"), values(read(csv, IocListReader.Options.DEFAULT.withCsvColumn("IP"))));
    assertEquals(List.of("DOMAIN a.example", "DOMAIN b.example"), values(read(csv, IocListReader.Options.DEFAULT)));
    IocList missing = read(csv, IocListReader.Options.DEFAULT.withCsvColumn("nope"));
    assertEquals(List.of("DOMAIN a.example", "DOMAIN b.example"), values(missing));
    assertEquals(1, missing.problemCount());
  }

  @Test
  void csvWithoutHeaderAndWithCommentedHeader() throws IOException {
    String abuse = "# id,dateadded,url\n\"1\",\"2024-01-01\",\"http://a.bad.example/x\"\n\"2\",\"2024-01-01\",\"http://198.51.100.3/y\"\n";
    assertEquals(List.of("DOMAIN_EXACT a.bad.example", "IP 198.51.100.3"), values(text(abuse)));
  }

  @Test
  void stixBundleGivesOneIndicatorPerComparison() throws IOException {
    IocList list = fixture("stix-bundle.json");
    assertEquals(IocFormat.STIX, list.format());
    assertEquals(
        List.of(
            "DOMAIN c2.poison-ivy.example",
            "IP 198.51.100.23",
            "DOMAIN_EXACT x4z9arb.cn",
            "IP 2001:db8::bad1",
            "CIDR 203.0.113.0/24",
            "DOMAIN xn--pypal-4ve.example",
            "DOMAIN badexample.test",
            "DOMAIN wildcard-stix.example"),
        values(list));
    Ioc c2 = list.iocs().get(0);
    assertEquals("indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f", c2.objectId());
    assertEquals(List.of("poison-ivy", "c2", "malicious-activity"), c2.tags());
    assertEquals("Poison Ivy C2: Domains and addresses used by Poison Ivy command and control", c2.description());
    assertEquals("2016-01-01T00:00:00Z", c2.validFrom());
    assertEquals("2026-12-31T23:59:59Z", c2.validUntil());
    assertEquals(14, c2.line());
    assertEquals(2, list.problemCount(), problems(list).toString());
    assertTrue(list.problems().get(0).reason().startsWith("malformed STIX pattern: unterminated string"), problems(list).toString());
    assertEquals(54, list.problems().get(0).line());
    assertTrue(list.problems().get(1).reason().contains("not allowed"), problems(list).toString());
    assertEquals(2, list.ignoredCount()); // the file hash and the snort rule
  }

  @Test
  void stixPatternGrammar() throws Exception {
    assertEquals(2, StixPattern.parse("[a:b = 'x'] FOLLOWEDBY [c:d != 'y'] REPEATS 5 TIMES WITHIN 10 SECONDS").size());
    assertEquals(1, StixPattern.parse("[network-traffic:start > t'2016-06-01T00:00:00Z'] START t'2016-06-01T00:00:00Z' STOP t'2016-07-01T00:00:00Z'").size());
    assertTrue(StixPattern.parse("[domain-name:value != 'a.example']").get(0).negated());
    assertEquals(List.of("a.example", "b.example"), StixPattern.parse("[domain-name:value IN ('a.example', 'b.example')]").get(0).values());
    assertEquals("it's.example", StixPattern.parse("[domain-name:value = 'it\\'s.example']").get(0).values().get(0));
    for (String bad :
        List.of(
            "",
            "[",
            "[domain-name:value = 'x'",
            "[domain-name:value 'x']",
            "[domain-name = 'x']",
            "domain-name:value = 'x'",
            "[domain-name:value = 'x'] AND",
            "[domain-name:value = 'x'] WITHIN SECONDS",
            "[domain-name:value = 'x'] ]",
            "[a:b = 'x'] OR (".repeat(100),
            "[a:b = 'x' OR " + "(".repeat(1000) + "a:b = 'x'" + ")".repeat(1000) + "]")) {
      try {
        StixPattern.parse(bad);
        throw new AssertionError("accepted: " + bad);
      } catch (StixPattern.PatternException expected) {
        assertFalse(expected.getMessage().isEmpty());
      }
    }
  }

  @Test
  void mispEventRespectsToIdsAndReadsObjects() throws IOException {
    IocList list = fixture("misp-event.json");
    assertEquals(IocFormat.MISP, list.format());
    assertEquals(
        List.of(
            "DOMAIN emotet-loader.example",
            "DOMAIN_EXACT cdn.emotet-host.example",
            "DOMAIN pairs.example",
            "IP 192.0.2.77",
            "IP 2001:db8::e:7",
            "DOMAIN_EXACT dl.emotet-payload.example",
            "DOMAIN object-domain.example",
            "CIDR 198.51.100.0/28"),
        values(list));
    assertEquals(List.of("ip-src attribute: not an IP address or CIDR"), list.problems().stream().map(IocProblem::reason).collect(Collectors.toList()));
    assertEquals(3, list.ignoredCount()); // to_ids false, md5, text
    Ioc loader = list.iocs().get(0);
    assertEquals("5c5f9a6e-0001-4b2a-9f3c-0a1b2c3d4e5f", loader.objectId());
    assertEquals("loader domain", loader.description());
    assertEquals(List.of("tlp:white", "misp-galaxy:malpedia=\"Emotet\"", "Network activity"), loader.tags());
    assertEquals(19, loader.line());
    Ioc host = list.iocs().get(1);
    assertEquals("OSINT - Emotet epoch 4 infrastructure", host.description());
    assertTrue(host.tags().contains("kill-chain:delivery"));
    assertTrue(list.iocs().get(6).tags().contains("object:domain-ip"));

    IocList all = fixture("misp-event.json", IocListReader.Options.DEFAULT.withIncludeAll(true));
    assertTrue(values(all).contains("IP 192.0.2.200"));
    assertEquals(2, all.ignoredCount()); // md5 and text remain
  }

  @Test
  void mispRestResponseAndArrayOfEvents() throws IOException {
    String event = "{\"Event\":{\"info\":\"x\",\"Attribute\":[{\"type\":\"domain\",\"value\":\"r.example\",\"to_ids\":true}]}}";
    assertEquals(List.of("DOMAIN r.example"), values(text("{\"response\":[" + event + "]}")));
    assertEquals(List.of("DOMAIN r.example", "DOMAIN r.example"), values(text("[" + event + "," + event + "]")));
  }

  @Test
  void formatOverrideWins() throws IOException {
    // a CSV-looking line read as text: the whole line is one entry, and is bad
    IocList asText = read("a.example,b.example\n", IocListReader.Options.DEFAULT.withFormat(IocFormat.TEXT));
    assertEquals(IocFormat.TEXT, asText.format());
    assertEquals(1, asText.problemCount());
    IocList asCsv = read("a.example,b.example\n", IocListReader.Options.DEFAULT);
    assertEquals(IocFormat.CSV, asCsv.format());
    assertEquals(List.of("DOMAIN a.example"), values(asCsv));
  }

  @Test
  void normalisation() throws IOException {
    IocList list =
        text(
            "  EVIL.Example.  \n"
                + "2001:DB8:0:0:0:0:0:1\n"
                + "198.51.100.77/24\n"
                + "||ads.adblock.example^$third-party\n"
                + ".dot-prefixed.example\n"
                + "evil{.}brace.example\n"
                + "a.example:8080\n"
                + "[2001:db8::9]:53\n"
                + "192.0.2.1:443\n"
                + "evil.example/path/x\n"
                + "\uFF45vil.example\n");
    assertEquals(
        List.of(
            "DOMAIN evil.example",
            "IP 2001:db8::1",
            "CIDR 198.51.100.0/24",
            "DOMAIN ads.adblock.example",
            "DOMAIN dot-prefixed.example",
            "DOMAIN evil.brace.example",
            "DOMAIN a.example",
            "IP 2001:db8::9",
            "IP 192.0.2.1",
            "DOMAIN_EXACT evil.example",
            "DOMAIN evil.example"),
        values(list));
  }

  @Test
  void tenMegabyteLineIsReportedAndTheNextLineStillRead() throws IOException {
    StringBuilder sb = new StringBuilder(10 * 1024 * 1024 + 32);
    sb.append("a".repeat(10 * 1024 * 1024)).append("\nafter.example\n");
    IocList list = text(sb.toString());
    assertEquals(List.of("DOMAIN after.example"), values(list));
    assertEquals(2, list.iocs().get(0).line());
    assertEquals(List.of("1: line longer than 8192 characters"), problems(list));
    assertTrue(list.problems().get(0).excerpt().length() < 100);
  }

  @Test
  void binaryGarbageNeverThrows() throws IOException {
    Random r = new Random(42);
    for (int round = 0; round < 50; round++) {
      byte[] junk = new byte[r.nextInt(20_000)];
      r.nextBytes(junk);
      for (IocFormat f : new IocFormat[] {null, IocFormat.TEXT, IocFormat.CSV, IocFormat.STIX, IocFormat.MISP}) {
        IocList list = new IocListReader(IocListReader.Options.DEFAULT.withFormat(f)).read("junk", new ByteArrayInputStream(junk));
        assertTrue(list.problems().size() <= IocListReader.MAX_PROBLEMS_LISTED);
        for (IocProblem p : list.problems()) {
          for (char c : p.excerpt().toCharArray()) {
            assertTrue(c >= 0x20 && c != 0x7f, "control character in excerpt");
          }
        }
      }
    }
  }

  @Test
  void deeplyNestedJsonIsRefused() throws IOException {
    String deep = "{\"a\":".repeat(100_000) + "1" + "}".repeat(100_000);
    IocList list = text(deep);
    assertEquals(0, list.iocs().size());
    assertFalse(list.complete());
    assertEquals(1, list.problemCount());
    assertTrue(list.problems().get(0).reason().startsWith("invalid JSON"), problems(list).toString());
    String deepArray = "[" .repeat(100_000);
    assertFalse(text(deepArray).complete());
  }

  @Test
  void truncatedAndHugeStringJsonAreReported() throws IOException {
    IocList cut = text("{\"type\":\"bundle\",\"objects\":[{\"type\":\"indicator\",\"pattern\":\"[domain-name:value = 'a.example']\"");
    assertEquals(0, cut.iocs().size());
    assertEquals(1, cut.problemCount());
    IocList huge = text("{\"type\":\"bundle\",\"x\":\"" + "a".repeat(2 * 1024 * 1024) + "\"}");
    assertEquals(1, huge.problemCount());
    IocList other = text("{\"hello\":\"world\"}");
    assertEquals(List.of("0: JSON that is neither a STIX bundle nor a MISP event"), problems(other));
  }

  @Test
  void entryAndFileLimitsStopReadingWithAProblem() throws IOException {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 100; i++) {
      sb.append("host").append(i).append(".example\n");
    }
    IocListReader.Limits small = new IocListReader.Limits(1_000_000, 1_000_000, 1024, 10);
    IocList capped = read(sb.toString(), IocListReader.Options.DEFAULT.withLimits(small));
    assertEquals(10, capped.iocs().size());
    assertFalse(capped.complete());
    assertEquals(1, capped.problemCount());

    IocListReader.Limits tiny = new IocListReader.Limits(100, 100, 1024, 1000);
    IocList cut = read(sb.toString(), IocListReader.Options.DEFAULT.withLimits(tiny));
    assertFalse(cut.complete());
    assertTrue(cut.iocs().size() < 10);
    assertTrue(problems(cut).stream().anyMatch(p -> p.contains("file larger than 100 bytes")), problems(cut).toString());
  }

  @Test
  void jsonOverItsOwnBoundInAShortFileIsAProblem() throws IOException {
    // a list shorter than the detection head is parsed from memory; the JSON bound still applies
    String stix = new String(IocListReaderTest.class.getResourceAsStream("stix-bundle.json").readAllBytes(), StandardCharsets.UTF_8);
    IocListReader.Limits jsonTight = new IocListReader.Limits(1_000_000, 50, 1024, 1000);
    IocList cut = read(stix, IocListReader.Options.DEFAULT.withLimits(jsonTight));
    assertEquals(IocFormat.STIX, cut.format());
    assertFalse(cut.complete());
    assertTrue(cut.iocs().isEmpty());
    assertTrue(problems(cut).stream().anyMatch(p -> p.contains("invalid JSON: file larger than 50 bytes")), problems(cut).toString());
  }

  @Test
  void problemsListIsBoundedButCounted() throws IOException {
    String bad = "bad line here\n".repeat(5000);
    IocList list = text(bad);
    assertEquals(IocListReader.MAX_PROBLEMS_LISTED, list.problems().size());
    assertEquals(5000, list.problemCount());
  }

  @Test
  void unterminatedCsvQuoteDoesNotSwallowTheFile() throws IOException {
    StringBuilder sb = new StringBuilder("indicator,notes\n\"open.example,never closed\n");
    for (int i = 0; i < 2000; i++) {
      sb.append("filler").append(i).append(".example,x\n");
    }
    IocList list = read(sb.toString(), IocListReader.Options.DEFAULT.withLimits(new IocListReader.Limits(1 << 20, 1 << 20, 1024, 100_000)));
    assertTrue(list.problemCount() >= 1);
    assertTrue(list.iocs().size() > 1900, "read " + list.iocs().size());
  }

  @Test
  void kindsOfTheFixturesFeedAMatcher() throws IOException {
    IocList list = fixture("threat-report-defanged.txt");
    IocMatcher m = IocMatcher.of(list.iocs());
    assertEquals(IocKind.DOMAIN, m.matchDomain("a.backup.lantern-c2.example").get(0).kind());
    assertEquals(1, m.matchDomain("ÉVIL-ünicode.example").size());
    assertEquals(1, m.matchIp(org.dnslens.engine.model.IpAddress.parse("198.51.100.127")).size());
    assertEquals(0, m.matchIp(org.dnslens.engine.model.IpAddress.parse("198.51.100.128")).size());
  }

  @Test
  void adblockRuleWithOnlySpacesIsAProblemNotACrash() throws IOException {
    // "||  ^" left only spaces to split, and the empty token array was indexed
    IocList list = text("||  ^\n||\t^$third-party\nevil.example\n");
    assertEquals(List.of("DOMAIN evil.example"), values(list));
    assertEquals(List.of("1: empty value", "2: empty value"), problems(list));
  }
}
