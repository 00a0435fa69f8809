package org.dnslens.engine.export;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.OutputStream;

/** Creates NDJSON generators: UTF-8, no separator between root values (we write the newline). */
final class JsonOutput {
  private JsonOutput() {}

  static JsonGenerator newlineDelimited(OutputStream out) throws IOException {
    JsonFactory factory = new JsonFactory();
    factory.setRootValueSeparator(null);
    JsonGenerator g = factory.createGenerator(out, JsonEncoding.UTF8);
    // The caller owns the stream (it may be stdout); close() of the writer flushes but does not close it.
    g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
    return g;
  }
}
