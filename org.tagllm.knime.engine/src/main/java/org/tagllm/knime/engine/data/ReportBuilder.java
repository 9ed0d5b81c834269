package org.tagllm.knime.engine.data;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Counts one run as it goes; memory stays bounded however many rows and problems there are. */
final class ReportBuilder {

    /** Beyond this many distinct reasons (a normaliser that puts values into reasons), the rest are pooled. */
    static final int MAX_REASONS = 50;
    static final String OTHER_REASONS = "other reasons";

    private static final class Group {
        long count;
        final List<Problem> examples = new ArrayList<>();
    }

    private final String source;
    private final Map<String, Group> reasons = new LinkedHashMap<>();
    private long read;
    private long used;
    private long skipped;
    private long kept;
    private long truncated;
    private long blankLines;
    private long duplicateInputs;
    private long conflictingInputs;

    ReportBuilder(String source) {
        this.source = source;
    }

    void read() {
        read++;
    }

    void used(boolean wasTruncated) {
        used++;
        if (wasTruncated) {
            truncated++;
        }
    }

    void skipped(List<Problem> problems) {
        skipped++;
        problems.forEach(this::problem);
    }

    void kept(List<Problem> problems) {
        kept++;
        problems.forEach(this::problem);
    }

    void blankLines(long count) {
        blankLines = count;
    }

    void duplicates(long duplicates, long conflicts) {
        duplicateInputs = duplicates;
        conflictingInputs = conflicts;
    }

    private void problem(Problem p) {
        String reason = reasons.containsKey(p.reason()) || reasons.size() < MAX_REASONS ? p.reason() : OTHER_REASONS;
        Group g = reasons.computeIfAbsent(reason, r -> new Group());
        g.count++;
        if (g.examples.size() < DataReport.EXAMPLES_PER_REASON) {
            g.examples.add(p);
        }
    }

    DataReport build() {
        List<DataReport.ReasonGroup> groups = new ArrayList<>();
        reasons.forEach((reason, g) -> groups.add(new DataReport.ReasonGroup(reason, g.count, g.examples)));
        return new DataReport(source, read, used, skipped, kept, truncated, blankLines, duplicateInputs,
                conflictingInputs, groups);
    }
}
