package com.csvtokafka.localstack.child;

/** A stand-in server for {@link ChildMainTest}: runs until killed. */
public final class Sleeper {

    private Sleeper() {
    }

    public static void main(String[] args) throws InterruptedException {
        Thread.sleep(120_000);
    }
}
