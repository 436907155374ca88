"""The local Alexa simulator: a client of the skill that speaks HTTP and Alexa JSON to it."""
