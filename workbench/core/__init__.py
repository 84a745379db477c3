"""What every feature uses and nothing else: errors, translation (i18n), cleaning typed text, the
facilitator key (access), and where the shipped data lives.
"""
