package org.tagllm.knime.engine.chem;

import org.openscience.cdk.exception.InvalidSmilesException;

/**
 * Turns CDK's parse error into a one-line reason. CDK writes {@code could not parse '<smiles>', <reason>:} and then,
 * for syntax errors, the SMILES again with a caret under the offending character; we keep the reason and replace the
 * echo by the character position, so a long input is not repeated twice in every message.
 */
final class CdkSmilesErrors {

    private CdkSmilesErrors() {}

    static String reason(InvalidSmilesException e, String smiles) {
        String message = e.getMessage();
        if (message == null || message.isBlank()) {
            return "CDK could not parse it (it gave no reason)";
        }
        String[] lines = message.split("\n");
        String head = lines[0];
        String echo = "could not parse '" + smiles + "', ";
        if (head.startsWith(echo)) {
            head = head.substring(echo.length());
        }
        head = head.strip();
        if (head.endsWith(":")) {
            head = head.substring(0, head.length() - 1).strip();
        }
        String last = lines[lines.length - 1];
        int caret = last.indexOf('^');
        if (lines.length >= 3 && caret >= 0) {
            head += " (at character " + (caret + 1) + ")";
        }
        return head;
    }
}
