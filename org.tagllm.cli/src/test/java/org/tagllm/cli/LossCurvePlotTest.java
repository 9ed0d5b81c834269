package org.tagllm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LossCurvePlotTest {

    @TempDir
    Path tmp;

    @Test
    void writesAReadablePngOfTheRightSize() throws Exception {
        Path png = tmp.resolve("sub/loss.png");
        LossCurvePlot.write(png, "stage 1 <SMILES>", List.of(
                new LossCurvePlot.Series("train", List.of(1, 2, 3, 4), List.of(3.0, 2.5, 2.1, 1.9)),
                new LossCurvePlot.Series("validation", List.of(2, 4), List.of(2.7, 2.2))));
        BufferedImage image = ImageIO.read(png.toFile());
        assertNotNull(image, "not a PNG ImageIO can read");
        assertEquals(800, image.getWidth());
        assertEquals(500, image.getHeight());
        int distinctColours = (int) java.util.stream.IntStream.range(0, 200)
                .map(i -> image.getRGB(100 + i * 3, 250)).distinct().count();
        assertTrue(distinctColours > 1, "the plot area is blank");
    }
}
