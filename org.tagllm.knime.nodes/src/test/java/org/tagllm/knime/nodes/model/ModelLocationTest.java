package org.tagllm.knime.nodes.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.tagllm.knime.nodes.exec.SettingsException;

class ModelLocationTest {

    static final Path WORKFLOW = Path.of("/space/team/projects/flow");
    static final Path MOUNTPOINT = Path.of("/space/team");

    static final ModelLocation.Roots ROOTS = new ModelLocation.Roots() {
        @Override
        public Path workflowFolder() {
            return WORKFLOW;
        }

        @Override
        public Path mountpointRoot() {
            return MOUNTPOINT;
        }

        @Override
        public Optional<Path> mountpoint(String id) {
            return id.equals("Shared") ? Optional.of(Path.of("/mnt/shared")) : Optional.empty();
        }
    };

    static Path resolve(String text, ModelLocation.Roots roots) throws SettingsException {
        return ModelLocation.parse("base model folder", text).resolve(roots).orElse(null);
    }

    @Test
    void workflowRelativeLocationsMoveWithTheWorkflow() throws SettingsException {
        assertEquals(Path.of("/space/team/projects/models/tiny llama"),
                resolve("knime://knime.workflow/../models/tiny%20llama", ROOTS));
        assertEquals(Path.of("/space/team/projects/flow/data/model"), resolve("knime://knime.workflow/data/model",
                ROOTS));
        ModelLocation.Roots moved = new ModelLocation.Roots() {
            @Override
            public Path workflowFolder() {
                return Path.of("/home/colleague/knime-workspace/flow");
            }

            @Override
            public Path mountpointRoot() {
                return Path.of("/home/colleague/knime-workspace");
            }
        };
        assertEquals(Path.of("/home/colleague/knime-workspace/models/tiny llama"),
                resolve("knime://knime.workflow/../models/tiny%20llama", moved));
    }

    @Test
    void mountpointRelativeAndNamedMountpoints() throws SettingsException {
        assertEquals(Path.of("/space/team/models/tiny"), resolve("knime://knime.mountpoint/models/tiny", ROOTS));
        assertEquals(Path.of("/mnt/shared/models/tiny"), resolve("knime://Shared/models/tiny", ROOTS));
        assertEquals(null, resolve("knime://Elsewhere/models/tiny", ROOTS), "a mount point this machine lacks");
        assertEquals(null, resolve("knime://knime.workflow/m", ModelLocation.Roots.NONE), "no workflow here");
        assertEquals(ModelLocation.Kind.MOUNTPOINT_NAMED, ModelLocation.parse("s", "knime://Shared/m").kind());
    }

    @Test
    void localFoldersAndFileUrls() throws SettingsException {
        assertEquals(Path.of("/data/models/tiny"), resolve("/data/models/./tiny", ROOTS));
        assertEquals(Path.of("/data/models/tiny"), resolve("file:///data/models/tiny", ROOTS));
        assertEquals(ModelLocation.Kind.LOCAL, ModelLocation.parse("s", "/data/m").kind());
    }

    @Test
    void badLocationsNameTheSettingTheValueAndWhy() {
        assertEquals("setting 'base model folder' = 'models/tiny': a relative folder depends on where KNIME was "
                + "started; give an absolute folder or knime://knime.workflow/models/tiny", message("models/tiny"));
        assertEquals("setting 'base model folder' = 'https://huggingface.co/x': only local folders and knime:// URLs "
                + "are supported; copy the model to a folder this machine reads", message("https://huggingface.co/x"));
        assertTrue(message("  ").startsWith("setting 'base model folder' is not set: choose a base model folder"));
        assertTrue(message("knime:///models").contains("a knime:// URL names its anchor"), message("knime:///m"));
    }

    private static String message(String text) {
        return assertThrows(SettingsException.class, () -> ModelLocation.parse("base model folder", text))
                .getMessage();
    }
}
