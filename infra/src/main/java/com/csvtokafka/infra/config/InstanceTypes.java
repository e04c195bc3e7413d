package com.csvtokafka.infra.config;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the app can tell from an EC2 instance type's name without a lookup: its CPU architecture (Graviton types
 * carry a {@code g} after the generation: {@code m7g}, {@code c7gn}, {@code im4gn}) and, for the general purpose,
 * compute and memory families ({@code m}, {@code c}, {@code r}), its vCPUs and memory. A name without a size
 * ({@code m6i}) is a whole family to AWS Batch, which then picks any size of it.
 */
public final class InstanceTypes {

    public enum Architecture { X86_64, ARM64 }

    /** A type's vCPUs and installed memory. */
    public record Size(int vcpus, int memoryMiB) {

        /**
         * What the ECS agent registers for jobs: the kernel keeps a few percent of the installed memory (an m4.large
         * registers 7,985 of its 8,192 MiB) and the agent reserves 32 MiB more; 5 % is AWS Batch's advice.
         */
        public int jobMemoryMiB() {
            return memoryMiB - memoryMiB / 20;
        }
    }

    /** The sizes Batch's default families all come in, smallest first. */
    static final List<String> SIZES = List.of("large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge",
            "16xlarge", "24xlarge");

    private static final Pattern NAME = Pattern.compile("([a-z]+)(\\d+)([a-z-]*)(?:\\.([a-z0-9-]+))?");
    private static final Pattern MULTIPLE_XLARGE = Pattern.compile("(\\d+)xlarge");
    /** MiB of memory per vCPU of the families whose sizes the app knows. */
    private static final Map<String, Integer> MIB_PER_VCPU = Map.of("c", 2048, "m", 4096, "r", 8192);

    private InstanceTypes() {
    }

    /** Whether the name reads as an instance type ({@code m6i.large}) or a family ({@code m6i}). */
    public static boolean isValidName(String type) {
        return NAME.matcher(type).matches();
    }

    public static Architecture architecture(String type) {
        Matcher name = matcher(type);
        boolean graviton = name.group(3).contains("g") || type.startsWith("a1.") || type.equals("a1");
        return graviton ? Architecture.ARM64 : Architecture.X86_64;
    }

    /** A family name without a size: Batch may place a job on any size of it. */
    public static boolean isFamily(String type) {
        return matcher(type).group(4) == null;
    }

    /**
     * The vCPUs and memory of an {@code m}, {@code c} or {@code r} type ({@code medium} to {@code 48xlarge});
     * empty for other families and for {@code metal} sizes, whose shape the name does not tell.
     */
    public static Optional<Size> size(String type) {
        Matcher name = matcher(type);
        Integer mibPerVcpu = MIB_PER_VCPU.get(name.group(1));
        String size = name.group(4);
        if (mibPerVcpu == null || size == null) {
            return Optional.empty();
        }
        int vcpus;
        if (size.equals("medium")) {
            vcpus = 1;
        } else if (size.equals("large")) {
            vcpus = 2;
        } else if (size.equals("xlarge")) {
            vcpus = 4;
        } else {
            Matcher multiple = MULTIPLE_XLARGE.matcher(size);
            if (!multiple.matches()) {
                return Optional.empty();
            }
            vcpus = 4 * Integer.parseInt(multiple.group(1));
        }
        return Optional.of(new Size(vcpus, vcpus * mibPerVcpu));
    }

    private static Matcher matcher(String type) {
        Matcher name = NAME.matcher(type);
        if (!name.matches()) {
            throw new IllegalArgumentException("'" + type + "' is not an EC2 instance type (such as m6i.large)");
        }
        return name;
    }
}
