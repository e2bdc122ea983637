package org.neurorig.config.internal;

import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.neurorig.api.NodeProperties;
import org.neurorig.api.Processor;
import org.neurorig.api.Sink;
import org.neurorig.api.Source;
import org.neurorig.config.NodeType;
import org.neurorig.config.NodeTypeCatalog;
import org.neurorig.config.NodeTypeReader;
import org.neurorig.config.ParamDef;
import org.neurorig.config.ParamType;
import org.neurorig.config.Role;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.service.metatype.AttributeDefinition;
import org.osgi.service.metatype.MetaTypeInformation;
import org.osgi.service.metatype.MetaTypeService;
import org.osgi.service.metatype.ObjectClassDefinition;

/**
 * The node types of the running framework: every DS component with a {@code neurorig.type}
 * property (its {@code @NodeType} declaration), described by its service interfaces, its
 * {@code neurorig.*} properties (read by {@link NodeTypeReader}) and the metatype definition of its factory PID (= the type name), whose keys'
 * min/max come from the bundle's metatype XML. Computed on each call, because bundles come and go
 * and pipelines are validated rarely.
 */
@Component(service = NodeTypeCatalog.class, immediate = true)
public final class RuntimeNodeTypeCatalog implements NodeTypeCatalog {
    private static final System.Logger LOG = System.getLogger(RuntimeNodeTypeCatalog.class.getName());

    private final BundleContext context;
    private final ServiceComponentRuntime scr;
    private final MetaTypeService metaType;

    @Activate
    public RuntimeNodeTypeCatalog(
            BundleContext context, @Reference ServiceComponentRuntime scr, @Reference MetaTypeService metaType) {
        this.context = context;
        this.scr = scr;
        this.metaType = metaType;
    }

    @Override
    public Optional<NodeType> find(String typeName) {
        return types(typeName).stream().findFirst();
    }

    @Override
    public Collection<NodeType> all() {
        return types(null);
    }

    /** All types, or only the one named (or formerly named) {@code only} when it is not {@code null}. */
    private List<NodeType> types(String only) {
        Map<String, ComponentDescriptionDTO> byType = new TreeMap<>();
        for (ComponentDescriptionDTO d : scr.getComponentDescriptionDTOs()) {
            if (d.properties.get(NodeProperties.TYPE) instanceof String type
                    && (only == null
                            || only.equals(type)
                            || NodeTypeReader.strings(d.properties.get(NodeProperties.ALIASES))
                                    .contains(only))) {
                byType.merge(type, d, this::preferred);
            }
        }
        List<NodeType> out = new ArrayList<>();
        byType.forEach((type, d) -> {
            NodeType t = nodeType(type, d);
            if (t != null) {
                out.add(t);
            }
        });
        return out;
    }

    /** Of two components declaring one type, the enabled one, else the newer bundle's. */
    private ComponentDescriptionDTO preferred(ComponentDescriptionDTO a, ComponentDescriptionDTO b) {
        boolean ea = scr.isComponentEnabled(a);
        if (ea != scr.isComponentEnabled(b)) {
            return ea ? a : b;
        }
        return b.bundle.id > a.bundle.id ? b : a;
    }

    private NodeType nodeType(String type, ComponentDescriptionDTO d) {
        Role role = role(d.serviceInterfaces);
        if (role == null) {
            LOG.log(
                    Level.WARNING,
                    "component {0} has {1}={2} but provides none of Source, Processor, Sink; ignored",
                    d.name,
                    NodeProperties.TYPE,
                    type);
            return null;
        }
        try {
            NodeType.Origin origin =
                    new NodeType.Origin(d.bundle.symbolicName, d.bundle.version, d.implementationClass);
            return NodeTypeReader.read(
                    type,
                    role,
                    d.properties,
                    params(type, d),
                    origin,
                    why -> LOG.log(Level.WARNING, "component {0}: {1}", d.name, why));
        } catch (IllegalArgumentException e) {
            LOG.log(Level.WARNING, "component {0}: {1}; type ignored", d.name, e.getMessage());
            return null;
        }
    }

    static Role role(String[] serviceInterfaces) {
        List<String> services = serviceInterfaces == null ? List.of() : Arrays.asList(serviceInterfaces);
        if (services.contains(Source.class.getName())) {
            return Role.SOURCE;
        }
        if (services.contains(Processor.class.getName())) {
            return Role.PROCESSOR;
        }
        return services.contains(Sink.class.getName()) ? Role.SINK : null;
    }

    /** The keys of the type's metatype definition; none when its bundle has no definition for it. */
    private List<ParamDef> params(String type, ComponentDescriptionDTO d) {
        Bundle bundle = context.getBundle(d.bundle.id);
        MetaTypeInformation info = bundle == null ? null : metaType.getMetaTypeInformation(bundle);
        if (info == null || !(contains(info.getFactoryPids(), type) || contains(info.getPids(), type))) {
            return List.of();
        }
        ObjectClassDefinition ocd = info.getObjectClassDefinition(type, null);
        Set<String> required = new HashSet<>();
        for (AttributeDefinition ad : orEmpty(ocd.getAttributeDefinitions(ObjectClassDefinition.REQUIRED))) {
            required.add(ad.getID());
        }
        Map<String, MetatypeBounds.Bounds> bounds =
                MetatypeBounds.of(bundle.findEntries("OSGI-INF/metatype", "*.xml", false), type);
        List<ParamDef> params = new ArrayList<>();
        for (AttributeDefinition ad : orEmpty(ocd.getAttributeDefinitions(ObjectClassDefinition.ALL))) {
            MetatypeBounds.Bounds b = bounds.getOrDefault(ad.getID(), new MetatypeBounds.Bounds(null, null));
            params.add(new ParamDef(
                    ad.getID(),
                    paramType(ad.getType()),
                    ad.getCardinality(),
                    required.contains(ad.getID()),
                    list(ad.getDefaultValue()),
                    b.min(),
                    b.max(),
                    list(ad.getOptionValues()),
                    ad.getDescription(),
                    ad::validate));
        }
        return params;
    }

    private static ParamType paramType(int metaType) {
        return switch (metaType) {
            case AttributeDefinition.LONG, AttributeDefinition.BIGINTEGER -> ParamType.LONG;
            case AttributeDefinition.INTEGER, AttributeDefinition.SHORT, AttributeDefinition.BYTE -> ParamType.INTEGER;
            case AttributeDefinition.DOUBLE, AttributeDefinition.BIGDECIMAL -> ParamType.DOUBLE;
            case AttributeDefinition.FLOAT -> ParamType.FLOAT;
            case AttributeDefinition.BOOLEAN -> ParamType.BOOLEAN;
            default -> ParamType.STRING;
        };
    }

    private static boolean contains(String[] array, String s) {
        return array != null && Arrays.asList(array).contains(s);
    }

    private static AttributeDefinition[] orEmpty(AttributeDefinition[] a) {
        return a == null ? new AttributeDefinition[0] : a;
    }

    private static List<String> list(String[] a) {
        return a == null ? List.of() : List.of(a);
    }
}
