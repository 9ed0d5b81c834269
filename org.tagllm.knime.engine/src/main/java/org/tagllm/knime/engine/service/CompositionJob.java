package org.tagllm.knime.engine.service;

import java.util.List;
import java.util.Objects;
import org.tagllm.knime.engine.bank.Composition;
import org.tagllm.knime.engine.bank.TagBank;

/** Builds a prediction bank from a function bank and domain banks ({@link Composition#compose}); needs no model. */
public record CompositionJob(List<TagBank> domainBanks, TagBank functionBank, String functionTag)
        implements JobRequest<TagBank> {

    public CompositionJob {
        domainBanks = List.copyOf(domainBanks);
        Objects.requireNonNull(functionBank, "functionBank");
        Objects.requireNonNull(functionTag, "functionTag");
    }

    @Override
    public String description() {
        return "composition around " + functionTag;
    }
}
