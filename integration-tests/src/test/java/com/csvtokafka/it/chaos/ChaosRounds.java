package com.csvtokafka.it.chaos;

/**
 * The seeded rounds of a chaos scenario: {@code -Dchaos.rounds=N} (default 1) repeats it, each round with a seed
 * of its own (printed, so that {@code -Dchaos.seed} replays a failed round's random choices) and a name made of
 * both, unique across rounds and runs: {@code prefix-round-seedhex}, for topics, files and job ids.
 */
final class ChaosRounds {
    private ChaosRounds() {
    }

    /** One round of a scenario. */
    @FunctionalInterface
    interface Round {
        void run(String name, long seed) throws Exception;
    }

    static void run(String prefix, Round round) throws Exception {
        int rounds = ChaosResults.intProperty("chaos.rounds", 1);
        for (int i = 1; i <= rounds; i++) {
            long seed = Long.getLong("chaos.seed", System.nanoTime());
            String name = prefix + "-" + i + "-" + Long.toHexString(seed);
            System.out.println(name + ": round " + i + " of " + rounds + ", seed " + seed);
            round.run(name, seed);
        }
    }
}
