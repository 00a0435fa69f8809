package org.dnslens.engine.dns;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.dnslens.engine.issue.DecodeException;
import org.dnslens.engine.model.DnsName;
import org.dnslens.engine.model.RData;
import org.dnslens.engine.model.ResourceRecord;
import org.dnslens.engine.model.RrType;
import org.dnslens.engine.model.Section;
import org.junit.jupiter.api.Test;

/**
 * SVCB/HTTPS records of the common shape (one alpn parameter) are decoded by hand; every other shape
 * still goes to dnsjava. The hand path must give exactly what dnsjava's gives (text, typed fields, or the
 * fault), so both are run on the same random rdata: common shapes, odd alpn ids and target labels that
 * need escapes, other parameters, AliasMode, and broken lengths.
 */
class RdataDecoderTest {
  private static final String[] ALPN_IDS = {
    "h2", "h3", "http/1.1", "h3-29", "x", "a,b", "q\"t", "b\\s", "sp ace", "\u007f", "\u0001", "\u00e9", ""
  };
  private static final String[] TARGETS = {"", "svc.example", "Mixed.Case.Example", "d\\.t.example",
    "q\\\"x.example", "\\255\\000.bin"};

  @Test
  void handPathGivesWhatDnsjavaGives() {
    Random random = new Random(65);
    int handShaped = 0;
    int faults = 0;
    for (int trial = 0; trial < 4000; trial++) {
      byte[] rdata = rdata(random);
      byte[] m = new byte[12 + rdata.length];
      System.arraycopy(rdata, 0, m, 12, rdata.length);
      int type = random.nextBoolean() ? RrType.HTTPS : RrType.SVCB;
      DnsName owner = DnsName.parse("owner.example");
      Object viaDecode = outcome(() -> new RdataDecoder(new NameReader())
          .decode(m, m.length, Section.ANSWER, owner, type, 1, 300, 12, rdata.length));
      Object viaDnsjava = outcome(() -> new RdataDecoder(new NameReader())
          .viaDnsjava(m, m.length, Section.ANSWER, owner, type, 1, 300, 12, rdata.length));
      assertThat(viaDecode).as("rdata %s", java.util.HexFormat.of().formatHex(rdata)).isEqualTo(viaDnsjava);
      if (viaDecode instanceof ResourceRecord r
          && r.rdata() instanceof RData.Svcb s
          && s.params().size() == 1
          && s.params().get(0).key() == 1) {
        handShaped++;
      }
      if (viaDecode instanceof String) {
        faults++;
      }
    }
    // The random shapes reach the hand path often, and dnsjava's faults too.
    assertThat(handShaped).isGreaterThan(500);
    assertThat(faults).isGreaterThan(50);
  }

  private interface Decode {
    ResourceRecord run() throws DecodeException;
  }

  /** The record, or the fault's reason and offset as text. */
  private static Object outcome(Decode d) {
    try {
      return d.run();
    } catch (DecodeException e) {
      return e.reason() + "@" + e.offset();
    }
  }

  private static byte[] rdata(Random random) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int priority = new int[] {0, 1, 1, 1, 2, 65535}[random.nextInt(6)];
    out.write(priority >> 8);
    out.write(priority);
    byte[] target = DnsName.parse(TARGETS[random.nextInt(TARGETS.length)]).toWire();
    out.writeBytes(target);
    int shape = random.nextInt(10);
    if (shape == 0) {
      return out.toByteArray(); // no parameters at all
    }
    ByteArrayOutputStream alpn = new ByteArrayOutputStream();
    int ids = 1 + random.nextInt(3);
    for (int i = 0; i < ids; i++) {
      String id = random.nextInt(4) == 0 ? ALPN_IDS[random.nextInt(ALPN_IDS.length)] : "h" + (2 + i);
      byte[] b = id.getBytes(StandardCharsets.ISO_8859_1);
      alpn.write(b.length);
      alpn.writeBytes(b);
    }
    byte[] value = alpn.toByteArray();
    int declared = shape == 1 ? value.length + 1 : shape == 2 ? Math.max(0, value.length - 1) : value.length;
    out.write(0);
    out.write(1); // alpn
    out.write(declared >> 8);
    out.write(declared);
    out.writeBytes(value);
    if (shape == 3) {
      out.writeBytes(new byte[] {0, 3, 0, 2, 0x01, (byte) 0xbb}); // port=443 after it
    } else if (shape == 4) {
      out.write(0); // a stray byte
    }
    return out.toByteArray();
  }
}
