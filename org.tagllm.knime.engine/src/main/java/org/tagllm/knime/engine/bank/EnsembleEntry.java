package org.tagllm.knime.engine.bank;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.HashSet;
import java.util.List;

/**
 * An ensemble of function tags trained alike with different seeds over the same frozen domain tags. Each member is a
 * function tag of the bank with its own head and task; the first is {@code functionTag} itself, so a reader that does
 * not know ensembles predicts with the first member alone. The ensemble's prediction is the members' mean, with their
 * standard deviation.
 *
 * @param functionTag the tag users name, e.g. {@code <QED>}
 * @param members     every member's tag, {@code functionTag} first, e.g. {@code [<QED>, <QED-m2>, <QED-m3>]}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record EnsembleEntry(
        @JsonProperty(value = "function_tag", required = true) String functionTag,
        @JsonProperty(value = "members", required = true) List<String> members) {

    public EnsembleEntry {
        TagEntry.checkName(functionTag, "function_tag");
        members = Require.listOrEmpty(Require.present(members, "members"), "members");
        if (members.size() < 2 || !members.get(0).equals(functionTag)) {
            throw new IllegalArgumentException("'members' of the ensemble of " + functionTag + " must list at least "
                    + "two tags, " + functionTag + " first; got " + members);
        }
        if (new HashSet<>(members).size() != members.size()) {
            throw new IllegalArgumentException("'members' of the ensemble of " + functionTag + " names a tag twice: "
                    + members);
        }
        members.forEach(m -> TagEntry.checkName(m, "members"));
    }

    /** The tag of the i-th member (0-based): the function tag itself, then {@code <Name-m2>}, {@code <Name-m3>} … */
    public static String memberTag(String functionTag, int i) {
        return i == 0 ? functionTag : functionTag.substring(0, functionTag.length() - 1) + "-m" + (i + 1) + ">";
    }
}
