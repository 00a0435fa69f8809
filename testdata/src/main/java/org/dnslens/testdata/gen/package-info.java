/**
 * Seeded synthetic DNS capture generator: {@link org.dnslens.testdata.gen.CaptureGenerator} writes a
 * pcap/pcapng file from a {@link org.dnslens.testdata.gen.GeneratorConfig} and returns the exact
 * {@link org.dnslens.testdata.gen.GenerationTruth}; {@link org.dnslens.testdata.gen.GenerateCaptureMain} is
 * the command line. Shares no code with the engine (only dnsjava) so that engine tests check the engine
 * against an independent encoder. See docs/GENERATOR.md.
 */
package org.dnslens.testdata.gen;
