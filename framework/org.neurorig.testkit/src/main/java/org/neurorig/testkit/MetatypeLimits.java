package org.neurorig.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.objectweb.asm.AnnotationVisitor;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * The min, max and options of a configuration type's keys, as its {@code @AttributeDefinition}s
 * state them. Those annotations are kept in the class file but not at run time, so they are read
 * from the class file; the build writes the same values into the metatype XML that validation
 * enforces in the host.
 */
final class MetatypeLimits {
    private static final String ATTRIBUTE = "Lorg/osgi/service/metatype/annotations/AttributeDefinition;";

    /** Limits of one key; null or empty where none is stated. */
    record Limits(String min, String max, List<String> options) {}

    private MetatypeLimits() {}

    /** Limits by key (method name); empty when the class file cannot be read. */
    static Map<String, Limits> of(Class<?> configType) {
        Map<String, Limits> out = new HashMap<>();
        String resource = configType.getName().replace('.', '/') + ".class";
        ClassLoader loader = configType.getClassLoader();
        try (InputStream in = loader == null ? null : loader.getResourceAsStream(resource)) {
            if (in == null) {
                return out;
            }
            new ClassReader(in)
                    .accept(
                            new ClassVisitor(Opcodes.ASM9) {
                                @Override
                                public MethodVisitor visitMethod(
                                        int access,
                                        String name,
                                        String descriptor,
                                        String signature,
                                        String[] exceptions) {
                                    return new MethodVisitor(Opcodes.ASM9) {
                                        @Override
                                        public AnnotationVisitor visitAnnotation(String desc, boolean visible) {
                                            return ATTRIBUTE.equals(desc) ? attribute(name, out) : null;
                                        }
                                    };
                                }
                            },
                            ClassReader.SKIP_CODE);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + resource, e);
        }
        return out;
    }

    private static AnnotationVisitor attribute(String key, Map<String, Limits> out) {
        String[] minMax = new String[2];
        List<String> options = new ArrayList<>();
        return new AnnotationVisitor(Opcodes.ASM9) {
            @Override
            public void visit(String name, Object value) {
                if ("min".equals(name)) {
                    minMax[0] = String.valueOf(value);
                } else if ("max".equals(name)) {
                    minMax[1] = String.valueOf(value);
                }
            }

            @Override
            public AnnotationVisitor visitArray(String name) {
                if (!"options".equals(name)) {
                    return null;
                }
                return new AnnotationVisitor(Opcodes.ASM9) {
                    @Override
                    public AnnotationVisitor visitAnnotation(String n, String desc) {
                        String[] labelValue = new String[2];
                        return new AnnotationVisitor(Opcodes.ASM9) {
                            @Override
                            public void visit(String element, Object value) {
                                labelValue["value".equals(element) ? 1 : 0] = String.valueOf(value);
                            }

                            @Override
                            public void visitEnd() {
                                // an @Option without a value stands for its label
                                options.add(
                                        labelValue[1] == null || labelValue[1].isEmpty()
                                                ? labelValue[0]
                                                : labelValue[1]);
                            }
                        };
                    }
                };
            }

            @Override
            public void visitEnd() {
                out.put(key, new Limits(blankToNull(minMax[0]), blankToNull(minMax[1]), List.copyOf(options)));
            }
        };
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
