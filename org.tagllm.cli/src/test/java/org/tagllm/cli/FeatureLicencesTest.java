package org.tagllm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The KNIME feature names the licence of everything it redistributes: every plugin of {@code feature.xml} and every
 * library a wrapper bundle embeds has a row in {@code license.html}, which the feature ships. Here rather than in the
 * feature module, which only the {@code knime} profile builds.
 */
class FeatureLicencesTest {

    static Path project() {
        return Path.of(System.getProperty("basedir", System.getProperty("user.dir"))).resolve("..").toAbsolutePath()
                .normalize();
    }

    static Path feature() {
        return project().resolve("org.tagllm.knime.feature");
    }

    /** The first cell of each row of license.html's table: the bundle the row is about. */
    static List<String> rows() throws Exception {
        String html = Files.readString(feature().resolve("license.html"));
        List<String> rows = new ArrayList<>();
        Matcher m = Pattern.compile("<tr><td>([^<]+)</td><td>([^<]*)</td>").matcher(html);
        while (m.find()) {
            rows.add(m.group(1) + "\t" + m.group(2));
        }
        return rows;
    }

    @Test
    void everyPluginOfTheFeatureHasALicenceRow() throws Exception {
        Document feature = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(feature().resolve("feature.xml").toFile());
        NodeList plugins = feature.getElementsByTagName("plugin");
        assertTrue(plugins.getLength() >= 17, "plugins: " + plugins.getLength());
        List<String> rows = rows();
        for (int i = 0; i < plugins.getLength(); i++) {
            String id = ((Element) plugins.item(i)).getAttribute("id");
            assertTrue(rows.stream().anyMatch(r -> r.startsWith(id + "\t")), "license.html has no row for " + id);
        }
        Element license = (Element) feature.getElementsByTagName("license").item(0);
        assertEquals("license.html", license.getAttribute("url"));
        assertTrue(license.getTextContent().contains("LGPL") && license.getTextContent().contains("BSD-3-Clause"),
                license.getTextContent());
        String build = Files.readString(feature().resolve("build.properties"));
        assertTrue(build.contains("license.html"), "the feature does not ship license.html: " + build);
    }

    @Test
    void everyLibraryAWrapperEmbedsHasALicenceRow() throws Exception {
        for (String wrapper : List.of("org.tagllm.knime.djl", "org.tagllm.knime.libs")) {
            Set<String> embedded = embeddedArtifacts(project().resolve(wrapper).resolve("pom.xml"));
            assertTrue(embedded.size() >= 5, wrapper + ": " + embedded);
            List<String> rows = rows().stream().filter(r -> r.startsWith(wrapper + "\t")).toList();
            for (String artifact : embedded) {
                assertTrue(rows.stream().anyMatch(r -> Pattern.compile("[:\\s,]" + Pattern.quote(artifact)
                        + "([\\s,(]|$)").matcher(r).find()), wrapper + " embeds " + artifact
                        + " but license.html lists no licence for it: " + rows);
            }
        }
    }

    @Test
    void theProjectIsApacheLicensed() throws Exception {
        String licence = Files.readString(project().resolve("LICENSE"));
        assertTrue(licence.contains("Apache License") && licence.contains("Version 2.0, January 2004"));
    }

    /** The artifactIds of a wrapper's dependencies that are not provided by the framework. */
    private static Set<String> embeddedArtifacts(Path pom) throws Exception {
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile());
        Element dependencies = (Element) doc.getDocumentElement().getElementsByTagName("dependencies").item(0);
        Set<String> out = new LinkedHashSet<>();
        NodeList list = dependencies.getElementsByTagName("dependency");
        for (int i = 0; i < list.getLength(); i++) {
            Element d = (Element) list.item(i);
            NodeList scope = d.getElementsByTagName("scope");
            if (scope.getLength() > 0 && scope.item(0).getTextContent().strip().equals("provided")) {
                continue;
            }
            out.add(d.getElementsByTagName("artifactId").item(0).getTextContent().strip());
        }
        return out;
    }
}
