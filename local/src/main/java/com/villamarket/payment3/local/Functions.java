package com.villamarket.payment3.local;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.villamarket.payment3.cardcallback.CardCallbackHandler;
import com.villamarket.payment3.cardcallback.CardCallbackService;
import com.villamarket.payment3.cardtoken.CardTokenHandler;
import com.villamarket.payment3.cardtoken.CardTokenService;
import com.villamarket.payment3.common.invoke.AsyncInvoker;
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
    interface Factory {
        RequestStreamHandler build(Components components, AsyncInvoker invoker, Notifier notifier);
    }

    private static final Map<String, Factory> BY_HANDLER = Map.of(
            QrCallbackHandler.class.getName(),
            (c, invoker, notifier) -> new QrCallbackHandler(QrCallbackService.create(c, invoker)),
            ProcessPaidOrderInternalHandler.class.getName(),
            (c, invoker, notifier) -> new ProcessPaidOrderInternalHandler(ProcessPaidOrderService.create(c, notifier)),
            CardTokenHandler.class.getName(),
            (c, invoker, notifier) -> new CardTokenHandler(CardTokenService.create(c, invoker)),
            CardCallbackHandler.class.getName(),
            (c, invoker, notifier) -> new CardCallbackHandler(CardCallbackService.create(c, invoker)),
            ProcessPaidCardOrderHandler.class.getName(),
            (c, invoker, notifier) -> new ProcessPaidCardOrderHandler(ProcessPaidCardOrderService.create(c, invoker, notifier)),
            CreateUserHandler.class.getName(),
            (c, invoker, notifier) -> new CreateUserHandler(CreateUserService.create(c, invoker)),
            AddCardHandler.class.getName(),
            (c, invoker, notifier) -> new AddCardHandler(AddCardService.create(c)));

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
