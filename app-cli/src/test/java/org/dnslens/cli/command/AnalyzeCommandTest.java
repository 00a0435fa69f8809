package org.dnslens.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.dnslens.cli.error.ExitCodes;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's main job on the bundled sample (a generated capture with injected actors), then hunt and ioc
 * on the case it leaves: real H2 file, real capture, the truth file's actors.
 */
class AnalyzeCommandTest {
  @TempDir static Path dir;
  static Path caseFile;
  static ReadCommandTest.Run analyze;
  static Path iocs;

  @BeforeAll
  static void analyzeTheSample() throws IOException {
    caseFile = dir.resolve("sample");
    iocs = dir.resolve("iocs.txt");
    // the beaconing actor's domain (defanged, as threat reports write it), an IP and a bad line
    Files.writeString(iocs, "# test list\nvbow6ktw-telemetry[.]com\n8.8.8.8\nnot a domain!!\n");
    analyze = ReadCommandTest.run("analyze", "--case", caseFile.toString(), "--ioc", iocs.toString(),
        ReadCommandTest.SAMPLE.toString());
  }

  @Test
  void ingestsHuntsAndMatchesInOneCommand() {
    assertThat(analyze.exit()).as(analyze.err()).isEqualTo(ExitCodes.OK);
    assertThat(analyze.err()).contains("4,375 transactions").contains("iocs.txt:4:");
    assertThat(analyze.out())
        .contains("beaconing")
        .contains("10.2.0.11") // the truth file's beaconing client
        .contains("tunneling")
        .contains("10.2.0.10") // the tunneling client
        .contains("nxdomain_burst")
        .contains("10.2.0.12") // the DGA client
        .contains("resolver_bypass")
        .doesNotContain("fast_flux")
        .contains("vbow6ktw-telemetry.com")
        .contains("IOC hits: 2");
  }

  @Test
  void huntStoredListsWhatAnalyzeFoundAsJson() {
    ReadCommandTest.Run r = ReadCommandTest.run("hunt", "--case", caseFile.toString(), "--stored", "--format", "json", "--kind", "beaconing");
    assertThat(r.exit()).isZero();
    assertThat(r.lines()).isNotEmpty().allMatch(l -> l.contains("\"kind\":\"beaconing\""));
    assertThat(r.out()).contains("\"client\":\"10.2.0.11\"").contains("incident-sample.pcapng.gz#");
  }

  @Test
  void iocMatchFailsOnHitForScriptsAndCsvIsNeutralised() throws IOException {
    Path list = dir.resolve("formula.txt");
    Files.writeString(list, "8.8.8.8\n");
    ReadCommandTest.Run r = ReadCommandTest.run("ioc", "match", "--case", caseFile.toString(), "--list", list.toString(),
        "--fail-on-hit", "--format", "csv");
    assertThat(r.exit()).isEqualTo(ExitCodes.IOC_HIT);
    assertThat(r.lines().get(0)).startsWith("ioc,ioc_kind,list");
    assertThat(r.out()).contains("8.8.8.8,ip,formula.txt,1,server_ip");
    ReadCommandTest.Run hits = ReadCommandTest.run("ioc", "hits", "--case", caseFile.toString());
    assertThat(hits.out()).contains("server_ip").doesNotContain("vbow6ktw"); // the new match replaced the old hits
  }

  @Test
  void anIocListThatDoesNotExistIsAUserError() {
    ReadCommandTest.Run r = ReadCommandTest.run("ioc", "match", "--case", caseFile.toString(), "--list", dir.resolve("none").toString());
    assertThat(r.exit()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(r.err()).startsWith("dnslens: no such IOC list");
  }

  @Test
  void reIngestingTheSameCaptureAddsNothing() {
    ReadCommandTest.Run r = ReadCommandTest.run("ingest", "--case", caseFile.toString(), ReadCommandTest.SAMPLE.toString());
    assertThat(r.exit()).isZero();
    assertThat(r.err()).contains("already in the case");
    ReadCommandTest.Run info = ReadCommandTest.run("info", "--case", caseFile.toString(), "--format", "json");
    assertThat(info.out()).contains("\"transactions\":4375");
  }
}
