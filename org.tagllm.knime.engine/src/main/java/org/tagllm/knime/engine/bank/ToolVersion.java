package org.tagllm.knime.engine.bank;

/** The Tag-LLM version recorded in provenance entries. */
final class ToolVersion {

    /** What classes outside a jar (an IDE, Maven's test run) report: they carry no manifest. */
    static final String UNPACKAGED = "development";

    private ToolVersion() {}

    static String current() {
        String fromManifest = ToolVersion.class.getPackage().getImplementationVersion();
        return fromManifest == null || fromManifest.isBlank() ? UNPACKAGED : fromManifest;
    }
}
