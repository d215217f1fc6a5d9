"""The parts of the Chats screen: each owns its models and widgets and calls the services
it is given (widgets below it only emit intents)."""
