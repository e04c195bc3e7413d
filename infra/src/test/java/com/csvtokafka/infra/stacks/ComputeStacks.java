package com.csvtokafka.infra.stacks;

import com.csvtokafka.infra.InfraApp;
import software.amazon.awscdk.Stack;

/** The compute stack a parameterized test names: {@code batch}, {@code fargate} or {@code ec2}. */
final class ComputeStacks {

    private ComputeStacks() {
    }

    static Stack of(InfraApp.Stacks stacks, String compute) {
        return switch (compute) {
            case "batch" -> stacks.batch();
            case "fargate" -> stacks.fargate();
            case "ec2" -> stacks.ec2();
            default -> throw new IllegalArgumentException("no compute stack " + compute);
        };
    }
}
