package org.neurorig.config.internal;

import java.io.InputStream;
import java.net.URL;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

/**
 * The {@code min} and {@code max} of a type's keys, read from its bundle's metatype XML. The
 * metatype service's {@code AttributeDefinition} has no accessors for them, yet validation and live
 * changes need them as numbers to say "expected 1..4096" rather than relay the service's own text.
 */
final class MetatypeBounds {
    /** The bounds of one key; either may be {@code null}. */
    record Bounds(String min, String max) {}

    private MetatypeBounds() {}

    /**
     * Key → bounds of the definition designated for {@code pid} (a PID or factory PID) in the given
     * metatype documents; empty when none designates it or a document does not parse.
     */
    static Map<String, Bounds> of(Enumeration<URL> documents, String pid) {
        Map<String, Bounds> out = new HashMap<>();
        if (documents == null) {
            return out;
        }
        while (documents.hasMoreElements()) {
            URL url = documents.nextElement();
            try (InputStream in = url.openStream()) {
                read(parser().parse(new InputSource(in)), pid, out);
            } catch (Exception e) {
                // The metatype service reads the same file; if it cannot, the type has no keys anyway.
                System.getLogger(MetatypeBounds.class.getName())
                        .log(System.Logger.Level.WARNING, "cannot read min/max from " + url + ": " + e);
            }
        }
        return out;
    }

    private static void read(Document doc, String pid, Map<String, Bounds> out) {
        String ocdRef = null;
        NodeList designates = doc.getElementsByTagName("Designate");
        for (int i = 0; i < designates.getLength() && ocdRef == null; i++) {
            Element d = (Element) designates.item(i);
            if (pid.equals(d.getAttribute("factoryPid")) || pid.equals(d.getAttribute("pid"))) {
                NodeList objects = d.getElementsByTagName("Object");
                ocdRef = objects.getLength() > 0 ? ((Element) objects.item(0)).getAttribute("ocdref") : null;
            }
        }
        if (ocdRef == null) {
            return;
        }
        NodeList ocds = doc.getElementsByTagName("OCD");
        for (int i = 0; i < ocds.getLength(); i++) {
            Element ocd = (Element) ocds.item(i);
            if (!ocdRef.equals(ocd.getAttribute("id"))) {
                continue;
            }
            NodeList ads = ocd.getElementsByTagName("AD");
            for (int j = 0; j < ads.getLength(); j++) {
                Element ad = (Element) ads.item(j);
                String min = ad.getAttribute("min");
                String max = ad.getAttribute("max");
                if (!min.isEmpty() || !max.isEmpty()) {
                    out.put(ad.getAttribute("id"), new Bounds(min.isEmpty() ? null : min, max.isEmpty() ? null : max));
                }
            }
        }
    }

    private static DocumentBuilder parser() throws Exception {
        // the JDK's own parser: a bundle's service lookup could find another, or none
        DocumentBuilderFactory f = DocumentBuilderFactory.newDefaultInstance();
        f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        f.setExpandEntityReferences(false);
        return f.newDocumentBuilder();
    }
}
