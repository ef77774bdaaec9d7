import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The newcomer's project, made from the README and nothing else (run by scripts/consumer.sh, with Java's
 * single-file launcher: {@code java scripts/ReadmeProject.java ...}).
 *
 * <pre>
 * extract README.md DIR [--version V] [--image FROM=TO]... [--variant junit-bom,junit-first]
 *     writes every snippet marked "consumer: PATH" in README.md to DIR/PATH;
 *     --version checks that every dev.sidecar artifact the snippets name has version V (this build's);
 *     --image replaces the string literal "FROM" by "TO" in the Java snippets (this machine has no registry);
 *     --variant changes the extracted pom.xml: junit-bom imports JUnit's BOM, junit-first declares JUnit's
 *     dependencies before all others (the README's own order has them after sidecar's).
 * report DIR JUNIT_VERSION
 *     checks DIR's Failsafe and Surefire reports: tests ran, none failed or was skipped, and they ran on
 *     junit-jupiter-api JUNIT_VERSION and no other.
 * </pre>
 */
public final class ReadmeProject {

    /** A marker is an HTML comment alone on its line, followed by the snippet's fenced code block. */
    private static final Pattern MARKER = Pattern.compile("^<!--\\s*consumer:\\s*(\\S+)\\s*-->\\s*$");
    private static final Pattern FENCE = Pattern.compile("^(```+|~~~+).*$");
    private static final Pattern PACKAGE = Pattern.compile("(?m)^package\\s+([\\w.]+)\\s*;");
    private static final Pattern JUPITER_API = Pattern.compile("junit-jupiter-api-([0-9][^/\\\\:;]*?)\\.jar");

    public static void main(String[] args) throws Exception {
        if (args.length >= 3 && args[0].equals("extract")) {
            extract(Path.of(args[1]), Path.of(args[2]), List.of(args).subList(3, args.length));
        } else if (args.length == 3 && args[0].equals("report")) {
            report(Path.of(args[1]), args[2]);
        } else {
            fail("usage: extract README.md DIR [--version V] [--image FROM=TO]... [--variant junit-bom,junit-first]"
                    + " | report DIR JUNIT_VERSION");
        }
    }

    private static void extract(Path readme, Path dir, List<String> options) throws Exception {
        Map<String, String> images = new LinkedHashMap<>();
        Set<String> variants = new TreeSet<>();
        String version = null;
        for (int i = 0; i < options.size(); i++) {
            String option = options.get(i);
            String value = i + 1 < options.size() ? options.get(++i) : "";
            if (option.equals("--image") && value.contains("=")) {
                images.put(value.substring(0, value.indexOf('=')), value.substring(value.indexOf('=') + 1));
            } else if (option.equals("--version") && !value.isEmpty()) {
                version = value;
            } else if (option.equals("--variant")) {
                for (String variant : value.split(",")) {
                    if (!variant.isBlank()) {
                        variants.add(variant.strip());
                    }
                }
            } else {
                fail("unknown option or missing value: " + option + " " + value);
            }
        }

        Map<String, String> snippets = snippets(readme);
        if (!snippets.containsKey("pom.xml") || snippets.keySet().stream().noneMatch(p -> p.endsWith(".java"))) {
            fail(readme + " marks no pom.xml or no Java file as a consumer snippet (found: " + snippets.keySet()
                    + "); mark them with <!-- consumer: PATH --> on the line before their code block");
        }

        if (version != null) {
            checkVersions(snippets, version);
        }

        Map<String, Integer> substituted = new LinkedHashMap<>();
        images.keySet().forEach(image -> substituted.put(image, 0));
        for (Map.Entry<String, String> snippet : snippets.entrySet()) {
            String path = snippet.getKey();
            String text = snippet.getValue();
            if (path.endsWith(".java")) {
                checkPackage(path, text);
                for (Map.Entry<String, String> image : images.entrySet()) {
                    String literal = '"' + image.getKey() + '"';
                    int count = text.split(Pattern.quote(literal), -1).length - 1;
                    substituted.merge(image.getKey(), count, Integer::sum);
                    text = text.replace(literal, '"' + image.getValue() + '"');
                }
            }
            if (path.equals("pom.xml") && !variants.isEmpty()) {
                text = variant(text, variants);
            }
            Path file = dir.resolve(path);
            Files.createDirectories(file.getParent());
            Files.writeString(file, text, StandardCharsets.UTF_8);
            System.out.println("[consumer] " + readme.getFileName() + " -> " + file);
        }
        substituted.forEach((image, count) -> {
            if (count == 0) {
                fail("no Java snippet names the image \"" + image + "\": the README changed its images; change the"
                        + " --image substitutions in scripts/consumer.sh with it");
            }
            System.out.println("[consumer] image \"" + image + "\" -> \"" + images.get(image) + "\" (" + count
                    + "x; this machine reaches no registry)");
        });
    }

    /** Every marked snippet, by its path in the project, in README order. */
    private static Map<String, String> snippets(Path readme) throws IOException {
        List<String> lines = Files.readAllLines(readme, StandardCharsets.UTF_8);
        Map<String, String> snippets = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            Matcher marker = MARKER.matcher(lines.get(i));
            if (!marker.matches()) {
                continue;
            }
            String path = marker.group(1);
            int line = i + 1;
            if (path.startsWith("/") || Path.of(path).normalize().startsWith("..")) {
                fail(readme + ":" + line + ": consumer path must stay inside the project: " + path);
            }
            int open = i + 1;
            while (open < lines.size() && lines.get(open).isBlank()) {
                open++;
            }
            Matcher fence = open < lines.size() ? FENCE.matcher(lines.get(open)) : null;
            if (fence == null || !fence.matches()) {
                fail(readme + ":" + line + ": the marker for " + path + " is not followed by a fenced code block");
            }
            String closing = fence.group(1);
            StringBuilder text = new StringBuilder();
            int close = open + 1;
            while (close < lines.size() && !lines.get(close).strip().equals(closing)) {
                text.append(lines.get(close)).append('\n');
                close++;
            }
            if (close == lines.size()) {
                fail(readme + ":" + line + ": the code block for " + path + " is never closed");
            }
            if (snippets.put(path, text.toString()) != null) {
                fail(readme + ":" + line + ": " + path + " is marked twice");
            }
            i = close;
        }
        return snippets;
    }

    /** The README's coordinates of sidecar artifacts must be this build's, or the newcomer gets another one. */
    private static void checkVersions(Map<String, String> snippets, String version) {
        Pattern maven = Pattern.compile("<groupId>dev\\.sidecar</groupId>\\s*<artifactId>([\\w-]+)</artifactId>"
                + "(\\s*<version>([^<]*)</version>)?");
        Pattern gradle = Pattern.compile("\"dev\\.sidecar:([\\w-]+):([^\"]+)\"");
        int checked = 0;
        for (Map.Entry<String, String> snippet : snippets.entrySet()) {
            for (Pattern pattern : List.of(maven, gradle)) {
                Matcher matcher = pattern.matcher(snippet.getValue());
                while (matcher.find()) {
                    String found = pattern == maven ? matcher.group(3) : matcher.group(2);
                    if (found != null && !found.equals(version)) {
                        fail(snippet.getKey() + " in the README names dev.sidecar:" + matcher.group(1) + ":" + found
                                + ", but this build is " + version + ": change the README with the version");
                    }
                    checked += found != null ? 1 : 0;
                }
            }
        }
        if (checked == 0) {
            fail("no consumer snippet gives a version of a dev.sidecar artifact");
        }
        System.out.println("[consumer] the README names sidecar " + version + " (" + checked + " places)");
    }

    private static void checkPackage(String path, String text) {
        Matcher matcher = PACKAGE.matcher(text);
        String expected = matcher.find() ? matcher.group(1).replace('.', '/') + "/" : "";
        String file = path.substring(path.lastIndexOf('/') + 1);
        if (!path.endsWith(expected + file)) {
            fail("the Java snippet for " + path + " declares package " + expected.replace('/', '.')
                    + " but the marker puts it elsewhere");
        }
    }

    /** The README's pom.xml, changed to prove that dependency order and JUnit's BOM make no difference. */
    private static String variant(String pom, Set<String> variants) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(false);
        Document document = factory.newDocumentBuilder()
                .parse(new org.xml.sax.InputSource(new java.io.StringReader(pom)));
        Element project = document.getDocumentElement();
        Element dependencies = child(project, "dependencies");
        if (dependencies == null) {
            fail("the README's pom.xml has no <dependencies>");
        }
        for (String variant : variants) {
            switch (variant) {
                case "junit-first" -> {
                    List<Element> junit = new ArrayList<>();
                    for (Element dependency : children(dependencies, "dependency")) {
                        if (text(dependency, "groupId").startsWith("org.junit")) {
                            junit.add(dependency);
                        }
                    }
                    if (junit.isEmpty()) {
                        fail("variant junit-first: the README's pom.xml declares no org.junit dependency");
                    }
                    Node first = dependencies.getFirstChild();
                    for (Element dependency : junit) {
                        dependencies.insertBefore(dependency, first);
                    }
                }
                case "junit-bom" -> {
                    Element management = child(project, "dependencyManagement");
                    if (management == null) {
                        management = document.createElement("dependencyManagement");
                        project.insertBefore(management, dependencies);
                    }
                    Element managed = child(management, "dependencies");
                    if (managed == null) {
                        managed = document.createElement("dependencies");
                        management.appendChild(managed);
                    }
                    Element bom = document.createElement("dependency");
                    for (String[] field : new String[][] {{"groupId", "org.junit"}, {"artifactId", "junit-bom"},
                            {"version", "${junit.version}"}, {"type", "pom"}, {"scope", "import"}}) {
                        Element element = document.createElement(field[0]);
                        element.setTextContent(field[1]);
                        bom.appendChild(element);
                    }
                    managed.appendChild(bom);
                }
                default -> fail("unknown variant " + variant + " (known: junit-bom, junit-first)");
            }
        }
        stripBlankText(project);
        StringWriter out = new StringWriter();
        var transformer = TransformerFactory.newInstance().newTransformer();
        transformer.setOutputProperty(OutputKeys.INDENT, "yes");
        transformer.setOutputProperty("{http://xml.apache.org/xslt}indent-amount", "2");
        transformer.transform(new DOMSource(document), new StreamResult(out));
        return out.toString();
    }

    /** Drops the whitespace between elements, which the transformer would keep beside its own indentation. */
    private static void stripBlankText(Node node) {
        NodeList nodes = node.getChildNodes();
        for (int i = nodes.getLength() - 1; i >= 0; i--) {
            Node child = nodes.item(i);
            if (child.getNodeType() == Node.TEXT_NODE && child.getTextContent().isBlank()) {
                node.removeChild(child);
            } else {
                stripBlankText(child);
            }
        }
    }

    private static void report(Path dir, String junitVersion) throws IOException {
        List<Path> reports = new ArrayList<>();
        for (String kind : List.of("failsafe-reports", "surefire-reports")) {
            Path reportDir = dir.resolve("target").resolve(kind);
            if (Files.isDirectory(reportDir)) {
                try (Stream<Path> files = Files.list(reportDir)) {
                    files.filter(f -> f.getFileName().toString().matches("TEST-.*\\.xml")).sorted()
                            .forEach(reports::add);
                }
            }
        }
        int tests = 0;
        int failures = 0;
        int skipped = 0;
        Set<String> jupiterVersions = new TreeSet<>();
        for (Path report : reports) {
            String xml = Files.readString(report, StandardCharsets.UTF_8);
            tests += attribute(xml, "tests");
            failures += attribute(xml, "failures") + attribute(xml, "errors");
            skipped += attribute(xml, "skipped");
            Matcher api = JUPITER_API.matcher(xml);
            while (api.find()) {
                jupiterVersions.add(api.group(1));
            }
        }
        if (tests == 0) {
            fail("the README's project ran no test (reports: " + reports + ")");
        }
        if (failures > 0 || skipped > 0) {
            fail("the README's project had " + failures + " failing and " + skipped + " skipped of " + tests
                    + " tests: see " + dir.resolve("target"));
        }
        if (!jupiterVersions.equals(Set.of(junitVersion))) {
            fail("the README's project should have run on junit-jupiter-api " + junitVersion + " alone, but its test"
                    + " classpath had " + jupiterVersions);
        }
        System.out.println("[consumer] " + tests + " passed, 0 failed on JUnit " + junitVersion + " ("
                + reports.size() + (reports.size() == 1 ? " test class)" : " test classes)"));
    }

    private static int attribute(String xml, String name) {
        Matcher matcher = Pattern.compile("<testsuite\\b[^>]*?\\s" + name + "=\"(\\d+)\"").matcher(xml);
        return matcher.find() ? Integer.parseInt(matcher.group(1)) : 0;
    }

    private static Element child(Element parent, String name) {
        List<Element> children = children(parent, name);
        return children.isEmpty() ? null : children.get(0);
    }

    private static List<Element> children(Element parent, String name) {
        List<Element> children = new ArrayList<>();
        NodeList nodes = parent.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            if (nodes.item(i) instanceof Element element && element.getTagName().equals(name)) {
                children.add(element);
            }
        }
        return children;
    }

    private static String text(Element parent, String name) {
        Element child = child(parent, name);
        return child == null ? "" : child.getTextContent().strip();
    }

    private static void fail(String message) {
        System.err.println("[consumer] ERROR: " + message);
        System.exit(1);
    }

    private ReadmeProject() {
    }
}
