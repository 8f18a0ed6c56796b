import Pricing
print("{\"bench\":\"placeholder\"}")
