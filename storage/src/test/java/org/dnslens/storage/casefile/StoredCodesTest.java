package org.dnslens.storage.casefile;

import static org.assertj.core.api.Assertions.assertThat;

import org.dnslens.engine.model.PortClass;
import org.dnslens.engine.model.Role;
import org.dnslens.engine.model.TransactionStatus;
import org.dnslens.engine.model.Transport;
import org.junit.jupiter.api.Test;

class StoredCodesTest {
  @Test
  void everyEnumConstantHasAStableCodeThatRoundTrips() {
    for (Transport t : Transport.values()) {
      assertThat(StoredCodes.transport(StoredCodes.code(t))).isEqualTo(t);
    }
    for (PortClass p : PortClass.values()) {
      assertThat(StoredCodes.portClass(StoredCodes.code(p))).isEqualTo(p);
    }
    for (TransactionStatus s : TransactionStatus.values()) {
      assertThat(StoredCodes.status(StoredCodes.code(s))).isEqualTo(s);
    }
    for (Role r : Role.values()) {
      assertThat(StoredCodes.role(StoredCodes.code(r))).isEqualTo(r);
    }
    assertThat(StoredCodes.code(TransactionStatus.ANSWERED)).isZero();
    assertThat(StoredCodes.code(Transport.TCP)).isEqualTo(1);
  }
}
