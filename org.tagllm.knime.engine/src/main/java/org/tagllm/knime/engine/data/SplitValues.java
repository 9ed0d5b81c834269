package org.tagllm.knime.engine.data;

import java.util.Collection;

/**
 * The values a table's split column may hold, checked as rows load ({@link DatasetLoader.Builder#splitValues}). A
 * given split of the {@code split} package is one; the loader needs no more of it than this, so reading a table does
 * not depend on how it is split.
 */
public interface SplitValues {

    /** The problem of a row whose split value is not one of these; the splitter names such rows alike. */
    String UNKNOWN = "unknown split value";

    /** The split column. */
    String column();

    /** Whether {@code value} is one of these values (compared ignoring case and surrounding spaces). */
    boolean allows(String value);

    /** The values, for the message of a row that holds another. */
    Collection<String> names();
}
