"""The facilitator console: the whole process of a plan in one page, stage by stage.

Visioning → working groups → feedback → plan versions → tracker, then the data people asked
about: each stage shows what exists and what is live now, and holds the tasks done there (or a
link to the app that does them, with the facilitator's key and language carried along). The
console is a screen: its panels read and write the store through each feature's store functions,
and build their widgets from each feature's widgets.
"""
