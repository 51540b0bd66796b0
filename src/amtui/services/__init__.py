"""The domain: what an account manager does. Pure functions over a Session or a UnitOfWork.

Services never import Textual and never hand ORM rows to a UI: they return small frozen dataclasses.
"""
