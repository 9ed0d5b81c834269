package org.tagllm.cli;

import picocli.CommandLine.IVersionProvider;

/** Version from the jar manifest (set by Maven), so {@code --version} never goes stale. */
final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = TagLlmCli.class.getPackage().getImplementationVersion();
        return new String[] {"tagllm " + (v == null ? "(development build)" : v)};
    }
}
