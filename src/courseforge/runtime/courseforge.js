/* placeholder: the learner runtime replaces this */
