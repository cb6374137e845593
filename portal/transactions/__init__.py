"""Business transactions of the customer centre: what a customer asks for online
(meter reading, instalment, bank details, move, contact data), the rules each request
must pass, and its hand-over to the billing system."""
