"""Guidance: classifier guidance (Dhariwal & Nichol 2021) and classifier-free guidance (Ho & Salimans 2022),
on a labelled 2D mixture and on the digits."""
