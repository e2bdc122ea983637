package org.neurorig.launcher;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import javax.xml.parsers.DocumentBuilderFactory;
import org.neurorig.api.Processor;
import org.neurorig.api.Sink;
import org.neurorig.api.Source;
import org.neurorig.config.NodeType;
import org.neurorig.config.NodeTypeCatalog;
import org.neurorig.config.NodeTypeReader;
import org.neurorig.config.ParamDef;
import org.neurorig.config.ParamType;
import org.neurorig.config.Role;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The node types of the distribution's bundles read without OSGi: the DS descriptors their
 * {@code @NodeType} annotations became ({@code OSGI-INF/*.xml}) and their metatype
 * ({@code OSGI-INF/metatype/*.xml}), from the bundle jars on the test class path, turned into types
 * by config's {@link NodeTypeReader} as the host's catalog does. Tests validate against it what
 * users run, without starting Felix.
 */
final class BundleNodeTypes implements NodeTypeCatalog {
    private final Map<String, NodeType> types = new TreeMap<>();

    /** Every node type of the bundle jars on the class path. */
    static BundleNodeTypes fromClassPath() throws Exception {
        BundleNodeTypes out = new BundleNodeTypes();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            // the test fixtures pose as other versions of real bundles (gain2) or add test-only types
            if (entry.endsWith(".jar")
                    && new File(entry).isFile()
                    && !new File(entry).getName().startsWith("org.neurorig.fixture")) {
                out.read(new File(entry));
            }
        }
        return out;
    }

    @Override
    public Optional<NodeType> find(String typeName) {
        NodeType t = types.get(typeName);
        if (t == null) {
            t = types.values().stream()
                    .filter(x -> x.aliases().contains(typeName))
                    .findFirst()
                    .orElse(null);
        }
        return Optional.ofNullable(t);
    }

    @Override
    public Collection<NodeType> all() {
        return types.values();
    }

    private void read(File jar) throws Exception {
        try (JarFile j = new JarFile(jar)) {
            Manifest mf = j.getManifest();
            String bsn = mf == null ? null : mf.getMainAttributes().getValue("Bundle-SymbolicName");
            if (bsn == null) {
                return;
            }
            String version = mf.getMainAttributes().getValue("Bundle-Version");
            List<Element> ocds = new ArrayList<>();
            Map<String, String> designates = new HashMap<>();
            List<Element> components = new ArrayList<>();
            for (ZipEntry e : j.stream().toList()) {
                String n = e.getName();
                if (n.startsWith("OSGI-INF/metatype/") && n.endsWith(".xml")) {
                    Document d = parse(j, e);
                    ocds.addAll(elements(d, "OCD"));
                    for (Element des : elements(d, "Designate")) {
                        String pid = des.hasAttribute("factoryPid")
                                ? des.getAttribute("factoryPid")
                                : des.getAttribute("pid");
                        designates.put(pid, elements(des, "Object").get(0).getAttribute("ocdref"));
                    }
                } else if (n.matches("OSGI-INF/[^/]+\\.xml")) {
                    components.addAll(elements(parse(j, e), "scr:component"));
                }
            }
            for (Element c : components) {
                Map<String, Object> props = properties(c);
                if (!(props.get("neurorig.type") instanceof String type)) {
                    continue;
                }
                List<String> provides = elements(c, "provide").stream()
                        .map(p -> p.getAttribute("interface"))
                        .toList();
                Role role = provides.contains(Source.class.getName())
                        ? Role.SOURCE
                        : provides.contains(Processor.class.getName())
                                ? Role.PROCESSOR
                                : provides.contains(Sink.class.getName()) ? Role.SINK : null;
                String ocdId = designates.get(type);
                Element ocd = ocds.stream()
                        .filter(o -> o.getAttribute("id").equals(ocdId))
                        .findFirst()
                        .orElse(null);
                String className = elements(c, "implementation").get(0).getAttribute("class");
                NodeType t = NodeTypeReader.read(
                        type,
                        role,
                        props,
                        ocd == null ? List.of() : params(ocd),
                        new NodeType.Origin(bsn, version, className),
                        why -> {
                            throw new IllegalArgumentException(jar.getName() + " " + type + ": " + why);
                        });
                types.merge(type, t, (a, b) -> {
                    throw new IllegalStateException("two bundles declare " + type);
                });
            }
        }
    }

    /** A DS descriptor's properties typed as DS types them (one value, or an array for text bodies). */
    private static Map<String, Object> properties(Element component) {
        Map<String, Object> out = new HashMap<>();
        for (Element p : elements(component, "property")) {
            String type = p.hasAttribute("type") ? p.getAttribute("type") : "String";
            List<String> values = p.hasAttribute("value")
                    ? List.of(p.getAttribute("value"))
                    : Arrays.stream(p.getTextContent().split("\n"))
                            .map(String::trim)
                            .filter(s -> !s.isEmpty())
                            .toList();
            Object[] typed = values.stream()
                    .map(v -> switch (type) {
                        case "Integer" -> (Object) Integer.valueOf(v);
                        case "Long" -> Long.valueOf(v);
                        case "Boolean" -> Boolean.valueOf(v);
                        case "Double" -> Double.valueOf(v);
                        default -> v;
                    })
                    .toArray();
            out.put(p.getAttribute("name"), p.hasAttribute("value") ? typed[0] : typed);
        }
        return out;
    }

    /** The keys of a metatype OCD as the host's catalog reads them from the MetaTypeService. */
    private static List<ParamDef> params(Element ocd) {
        List<ParamDef> out = new ArrayList<>();
        for (Element ad : elements(ocd, "AD")) {
            String dflt = ad.getAttribute("default");
            int cardinality = ad.hasAttribute("cardinality") ? Integer.parseInt(ad.getAttribute("cardinality")) : 0;
            // a list key's defaults are separated by commas (a backslash escapes one); a scalar's is one text
            List<String> defaults = !ad.hasAttribute("default")
                    ? List.of()
                    : cardinality == 0
                            ? List.of(dflt)
                            : Arrays.stream(dflt.split("(?<!\\\\),")).toList();
            List<String> options = elements(ad, "Option").stream()
                    .map(o -> o.getAttribute("value"))
                    .toList();
            boolean required = !ad.hasAttribute("required") || Boolean.parseBoolean(ad.getAttribute("required"));
            out.add(new ParamDef(
                    ad.getAttribute("id"),
                    paramType(ad.getAttribute("type")),
                    cardinality,
                    required,
                    defaults,
                    ad.getAttribute("min"),
                    ad.getAttribute("max"),
                    options,
                    ad.getAttribute("description"),
                    null));
        }
        return out;
    }

    private static ParamType paramType(String metatype) {
        return switch (metatype) {
            case "Long" -> ParamType.LONG;
            case "Integer", "Short", "Byte" -> ParamType.INTEGER;
            case "Double" -> ParamType.DOUBLE;
            case "Float" -> ParamType.FLOAT;
            case "Boolean" -> ParamType.BOOLEAN;
            default -> ParamType.STRING;
        };
    }

    private static Document parse(JarFile j, ZipEntry e) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        try (InputStream in = j.getInputStream(e)) {
            return f.newDocumentBuilder().parse(in);
        } catch (IOException ex) {
            throw new IOException(j.getName() + "!" + e.getName() + ": " + ex.getMessage(), ex);
        }
    }

    /** Elements named {@code name} (qualified name, or local name when unprefixed) below {@code root}. */
    private static List<Element> elements(Object root, String name) {
        NodeList nl =
                root instanceof Document d ? d.getElementsByTagName("*") : ((Element) root).getElementsByTagName("*");
        List<Element> out = new ArrayList<>();
        for (int i = 0; i < nl.getLength(); i++) {
            Element e = (Element) nl.item(i);
            String local = e.getTagName().contains(":")
                    ? e.getTagName().substring(e.getTagName().indexOf(':') + 1)
                    : e.getTagName();
            if (e.getTagName().equals(name) || local.equals(name)) {
                out.add(e);
            }
        }
        return out;
    }
}
