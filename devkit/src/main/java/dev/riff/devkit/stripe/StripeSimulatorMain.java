package dev.riff.devkit.stripe;

import java.util.concurrent.CountDownLatch;

/**
 * Runs the Stripe simulator as a process for the local fleet:
 * {@code StripeSimulatorMain <port> <webhookUrl> <webhookSecret>}.
 */
public final class StripeSimulatorMain {

    private StripeSimulatorMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        if (args.length != 3) {
            System.err.println("usage: StripeSimulatorMain <port> <webhookUrl> <webhookSecret>");
            System.exit(2);
        }
        StripeSimulator simulator = StripeSimulator.start(Integer.parseInt(args[0]), args[2]);
        simulator.deliverTo(args[1]);
        System.out.printf("Stripe simulator on %s (API %s, any sk_test_ key); webhooks to %s%n",
                simulator.baseUrl(), StripeSimulator.API_VERSION, args[1]);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            simulator.close();
            stopped.countDown();
        }));
        stopped.await();
    }
}
