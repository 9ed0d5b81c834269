package org.tagllm.knime.nodes.glue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A tripwire for the KNIME glue, which CI cannot compile (KNIME's jars are out of reach): each glue parameters class
 * builds a settings record, through its canonical constructor or its builder, so a component added to a record here
 * must be added there too. This reads the glue's source and compares each constructor call's argument count with the
 * record's components, or checks that the builder chain sets every component by its {@code opt…}/{@code set…} method.
 * (It caught {@code TrainingOptions} still passing nine arguments after {@code microBatchSize} was added.)
 */
class GlueContractTest {

    private static final Path GLUE = Path.of(System.getProperty("basedir", System.getProperty("user.dir")))
            .resolve("../org.tagllm.knime.nodes.knime/src/knime/java/org/tagllm/knime/nodes/knime");

    @ParameterizedTest(name = "{1} builds {0}")
    @CsvSource({
        "org.tagllm.knime.nodes.train.InputMapping, train/TagTrainerParameters.java",
        "org.tagllm.knime.nodes.predict.PredictorSettings, predict/PredictorParameters.java",
        "org.tagllm.knime.nodes.compose.ComposerSettings, compose/ComposerParameters.java",
        "org.tagllm.knime.nodes.bankio.TagModelReaderSettings, bankio/TagModelReaderParameters.java",
        "org.tagllm.knime.nodes.bankio.TagModelWriterSettings, bankio/TagModelWriterParameters.java"})
    void everyRecordComponentIsPassedByTheGlue(String record, String glueFile) throws Exception {
        Class<?> type = Class.forName(record);
        Path source = GLUE.resolve(glueFile);
        assertTrue(Files.isRegularFile(source), "glue source missing: " + source);
        List<Integer> calls = argumentCounts(source, type.getSimpleName());
        assertEquals(1, calls.size(), glueFile + " should build " + type.getSimpleName() + " once: " + calls);
        assertEquals(type.getRecordComponents().length, calls.get(0), glueFile + " passes " + calls.get(0)
                + " arguments to new " + type.getSimpleName() + "(...), the record has " + type.getRecordComponents()
                .length + ": update the glue (and its dialog) with the record");
    }

    @ParameterizedTest(name = "{1} builds {0}")
    @CsvSource({
        "org.tagllm.knime.nodes.common.TrainingParameters, common/TrainingOptions.java",
        "org.tagllm.knime.nodes.pretrain.DomainPretrainSettings, pretrain/DomainPretrainParameters.java",
        "org.tagllm.knime.nodes.train.TagTrainerSettings, train/TagTrainerParameters.java"})
    void everyRecordComponentIsSetThroughTheBuilderByTheGlue(String record, String glueFile) throws Exception {
        Class<?> type = Class.forName(record);
        String text = Files.readString(GLUE.resolve(glueFile));
        String name = type.getSimpleName();
        assertEquals(List.of(), argumentCounts(GLUE.resolve(glueFile), name), glueFile + " should build " + name
                + " through its builder, not its constructor");
        assertTrue(text.contains(name + ".builder()"), glueFile + " should call " + name + ".builder()");
        for (var component : type.getRecordComponents()) {
            assertTrue(setsComponent(text, component.getName()), glueFile + " never sets " + name + "'s '"
                    + component.getName() + "' (opt/set" + capitalized(component.getName()) + "): update the glue (and "
                    + "its dialog) with the record");
        }
    }

    @org.junit.jupiter.api.Test
    void aComponentCountsAsSetOnlyThroughItsOwnBuilderMethod() {
        assertTrue(setsComponent("X.builder().optVectors(v).setTraining(t).build()", "vectors"));
        assertTrue(setsComponent("X.builder().optVectors(v).setTraining(t).build()", "training"));
        assertEquals(false, setsComponent("X.builder().optVectorsCap(v).build()", "vectors"));
        assertEquals(false, setsComponent("int vectors = 2; x.optMaxTokens(vectors)", "vectors"));
    }

    static boolean setsComponent(String text, String component) {
        return Pattern.compile("\\.(opt|set)" + Pattern.quote(capitalized(component)) + "\\s*\\(").matcher(text)
                .find();
    }

    private static String capitalized(String name) {
        return Character.toUpperCase(name.charAt(0)) + name.substring(1);
    }

    @org.junit.jupiter.api.Test
    void argumentsAreCountedOutsideNestedCallsStringsAndLambdas(@org.junit.jupiter.api.io.TempDir Path tmp)
            throws Exception {
        Path f = Files.writeString(tmp.resolve("X.java"), "a = new Rec(f(1, 2), \"x, y\", ',', list.map(t -> t.a)"
                + ".orElse(null), new int[] {1, 2},\n  last); b = new Rec(); c = new Record(1, 2);");
        assertEquals(List.of(6, 0), argumentCounts(f, "Rec"));
        assertEquals(List.of(2), argumentCounts(f, "Record"));
    }

    /** The argument count of every {@code new NAME(...)} in the file, counting commas outside nested brackets. */
    static List<Integer> argumentCounts(Path file, String name) throws IOException {
        String text = Files.readString(file);
        List<Integer> counts = new ArrayList<>();
        Matcher m = Pattern.compile("\\bnew\\s+" + Pattern.quote(name) + "\\s*\\(").matcher(text);
        while (m.find()) {
            int depth = 1;
            int commas = 0;
            boolean any = false;
            char quote = 0;
            for (int i = m.end(); depth > 0; i++) {
                char c = text.charAt(i);
                if (quote != 0) {
                    if (c == '\\') {
                        i++;
                    } else if (c == quote) {
                        quote = 0;
                    }
                    continue;
                }
                if (c == '"' || c == '\'') {
                    quote = c;
                } else if (c == '(' || c == '[' || c == '{') {
                    depth++;
                } else if (c == ')' || c == ']' || c == '}') {
                    depth--;
                } else if (c == ',' && depth == 1) {
                    commas++;
                }
                if (depth > 0 && !Character.isWhitespace(c)) {
                    any = true;
                }
            }
            counts.add(any ? commas + 1 : 0);
        }
        return counts;
    }
}
