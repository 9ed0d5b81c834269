package org.tagllm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.tagllm.knime.engine.data.ColumnKind;
import org.tagllm.knime.engine.method.LabelledTask;
import org.tagllm.knime.engine.tags.Tokenization;

/** {@code --input COL[:KIND[:TOKENS]]=TAG} and its defaults. */
class InputOptionTest {

    @Test
    void kindsChooseTheirDefaultTokenisation() {
        assertEquals(new LabelledTask.Input("smiles", ColumnKind.SMILES, "<SMILES>", Tokenization.CHARACTER),
                TrainCommand.input("smiles:smiles=<SMILES>"));
        assertEquals(new LabelledTask.Input("note", ColumnKind.TEXT, "<Note>", Tokenization.MODEL),
                TrainCommand.input("note=<Note>"));
    }

    @Test
    void tokenisationCanBeChosen() {
        assertEquals(Tokenization.MODEL, TrainCommand.input("smiles:smiles:model=<SMILES>").tokenization());
        assertEquals(Tokenization.CHARACTER, TrainCommand.input("name:text:character=<Name>").tokenization());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TrainCommand.input("smiles:smiles:words=<SMILES>"));
        assertEquals("tokenization 'words': use 'character' or 'model'", e.getMessage());
    }

    @Test
    void corpusSpecsTakeATokenisationToo() {
        assertEquals(Tokenization.MODEL, CorpusOption.parse("<Text>=notes.csv:text:abstract:model").tokenization());
        assertEquals(Tokenization.CHARACTER, CorpusOption.parse("<SMILES>=x.smi").tokenization());
    }
}
