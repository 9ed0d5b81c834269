package org.tagllm.knime.engine.method;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;
import org.tagllm.knime.engine.data.BadRowPolicy;
import org.tagllm.knime.engine.data.ColumnMapping;
import org.tagllm.knime.engine.data.DataReport;
import org.tagllm.knime.engine.data.Dataset;
import org.tagllm.knime.engine.data.DatasetLoader;
import org.tagllm.knime.engine.data.Example;
import org.tagllm.knime.engine.data.NormalizerRegistry;
import org.tagllm.knime.engine.data.TableSpec;

/** Reads a domain corpus through the data layer: checked values, bad records skipped and reported, never lost silently. */
public final class CorpusReader {

    /** The usable texts of a corpus, in file order, and the data layer's report on the rest. */
    public record Texts(List<String> values, DataReport report) {}

    private CorpusReader() {}

    public static Texts read(DomainCorpus corpus, BadRowPolicy policy) throws IOException {
        return read(corpus, policy, rows -> {});
    }

    /** As {@link #read(DomainCorpus, BadRowPolicy)}, telling {@code rowsRead} how many records it has read. */
    public static Texts read(DomainCorpus corpus, BadRowPolicy policy, LongConsumer rowsRead) throws IOException {
        String field = corpus.fieldName();
        ColumnMapping columns = ColumnMapping.builder().input(field, corpus.kind()).build();
        Dataset data = DatasetLoader.builder().badRows(policy).normalizers(NormalizerRegistry.defaults()).build()
                .load(TableSpec.of(corpus.file(), columns), rowsRead);
        List<String> texts = new ArrayList<>(data.examples().size());
        for (Example e : data.examples()) {
            if (e.problem() == null) {
                texts.add(e.inputs().get(field));
            }
        }
        return new Texts(texts, data.report());
    }
}
