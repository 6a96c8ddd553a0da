package com.villamarket.payment3.local;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.villamarket.payment3.cardcallback.CardCallbackHandler;
import com.villamarket.payment3.cardcallback.CardCallbackService;
import com.villamarket.payment3.cardtoken.CardTokenHandler;
import com.villamarket.payment3.cardtoken.CardTokenService;
import com.villamarket.payment3.common.invoke.AsyncInvoker;
import com.villamarket.payment3.reconcile.ReconcileHandler;
import com.villamarket.payment3.reconcile.ReconcileService;
import com.villamarket.payment3.replay.FunctionCaller;
import com.villamarket.payment3.replay.ReplayHandler;
import com.villamarket.payment3.replay.ReplayService;
import com.villamarket.payment3.common.notify.Notifier;
import com.villamarket.payment3.common.wiring.Components;
import com.villamarket.payment3.kbankcard.AddCardHandler;
import com.villamarket.payment3.kbankcard.AddCardService;
import com.villamarket.payment3.kbankuser.CreateUserHandler;
import com.villamarket.payment3.kbankuser.CreateUserService;
import com.villamarket.payment3.processpaid.ProcessPaidOrderInternalHandler;
import com.villamarket.payment3.processpaid.ProcessPaidOrderService;
import com.villamarket.payment3.processpaidcard.ProcessPaidCardOrderHandler;
import com.villamarket.payment3.processpaidcard.ProcessPaidCardOrderService;
import com.villamarket.payment3.qrcallback.QrCallbackHandler;
import com.villamarket.payment3.qrcallback.QrCallbackService;
import java.util.Map;

/**
 * How each handler of template.yaml is built in this process: the same handler and service the
 * Lambda runtime builds, given local parts instead of the environment's.
 */
final class Functions {

    /** The local parts a handler is built from. */
    record Parts(Components components, AsyncInvoker invoker, Notifier notifier, FunctionCaller caller) {
    }

    /** Builds one handler from the local parts. */
    interface Factory {
        RequestStreamHandler build(Parts parts);
    }

    private static final Map<String, Factory> BY_HANDLER = Map.ofEntries(
            Map.entry(QrCallbackHandler.class.getName(),
                    p -> new QrCallbackHandler(QrCallbackService.create(p.components(), p.invoker()))),
            Map.entry(ProcessPaidOrderInternalHandler.class.getName(),
                    p -> new ProcessPaidOrderInternalHandler(
                            ProcessPaidOrderService.create(p.components(), p.notifier()))),
            Map.entry(CardTokenHandler.class.getName(),
                    p -> new CardTokenHandler(CardTokenService.create(p.components(), p.invoker()))),
            Map.entry(CardCallbackHandler.class.getName(),
                    p -> new CardCallbackHandler(CardCallbackService.create(p.components(), p.invoker()))),
            Map.entry(ProcessPaidCardOrderHandler.class.getName(),
                    p -> new ProcessPaidCardOrderHandler(
                            ProcessPaidCardOrderService.create(p.components(), p.invoker(), p.notifier()))),
            Map.entry(CreateUserHandler.class.getName(),
                    p -> new CreateUserHandler(CreateUserService.create(p.components(), p.invoker()))),
            Map.entry(AddCardHandler.class.getName(),
                    p -> new AddCardHandler(AddCardService.create(p.components()))),
            Map.entry(com.villamarket.payment3.kbankorder.CreateOrderHandler.class.getName(),
                    p -> new com.villamarket.payment3.kbankorder.CreateOrderHandler(
                            com.villamarket.payment3.kbankorder.CreateOrderService.create(p.components()))),
            Map.entry(com.villamarket.payment3.qrnotify.QrNotifyHandler.class.getName(),
                    p -> new com.villamarket.payment3.qrnotify.QrNotifyHandler(
                            com.villamarket.payment3.qrnotify.QrNotifyService.create(p.components(), p.invoker()))),
            Map.entry(com.villamarket.payment3.cardnotify.CardNotifyHandler.class.getName(),
                    p -> new com.villamarket.payment3.cardnotify.CardNotifyHandler(
                            com.villamarket.payment3.cardnotify.CardNotifyService.create(p.components(), p.invoker()))),
            Map.entry(ReconcileHandler.class.getName(),
                    p -> new ReconcileHandler(ReconcileService.create(p.components(), p.invoker()))),
            Map.entry(ReplayHandler.class.getName(),
                    p -> new ReplayHandler(new ReplayService(p.components().callbackErrorLog(), p.caller(),
                            p.components().names(), p.components().clock()))));

    private Functions() {
    }

    /** The factory of a handler class named in the template; throws when the template names one this stack does not know. */
    static Factory forHandler(String handlerClass) {
        Factory factory = BY_HANDLER.get(handlerClass);
        if (factory == null) {
            throw new IllegalStateException("template.yaml names a handler the local stack cannot build: " + handlerClass);
        }
        return factory;
    }
}
