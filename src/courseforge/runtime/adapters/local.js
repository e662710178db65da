/* placeholder: localStorage adapter */
